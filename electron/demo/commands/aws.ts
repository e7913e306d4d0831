/**
 * AWS CLI v2's `aws ec2 describe-vpcs|describe-subnets|describe-vpc-peering-connections|
 * describe-instances|describe-network-interfaces` on the demo hosts. Nodes run with the EKS node
 * role, which may not read peering connections; `--query` and `--filters` are not simulated.
 */
import { awsJson, describePeerings, describeSubnets, describeVpcs } from '../render/aws-ec2';
import { describeInstances, describeNetworkInterfaces } from '../render/aws-ec2-instances';
import type { Command } from '../shell/run';
import { clusterOf, fail, instanceOf, nowOf, printing, type HostContext } from './context';

const OPERATIONS: Record<string, string> = {
  'describe-vpcs': 'DescribeVpcs',
  'describe-subnets': 'DescribeSubnets',
  'describe-vpc-peering-connections': 'DescribeVpcPeeringConnections',
  'describe-instances': 'DescribeInstances',
  'describe-network-interfaces': 'DescribeNetworkInterfaces',
};

const USAGE =
  'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n';

export function awsCommand(host: HostContext): Command {
  return printing((ctx) => {
    const args = ctx.argv.slice(1);
    const positional: string[] = [];
    const notes: string[] = [];
    let output = 'json';
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      if (arg === '--output') output = args[++i] ?? '';
      else if (arg.startsWith('--output=')) output = arg.slice(9);
      else if (
        [
          '--query',
          '--filters',
          '--instance-ids',
          '--vpc-ids',
          '--subnet-ids',
          '--network-interface-ids',
        ].includes(arg.split('=')[0] ?? '')
      ) {
        if (!arg.includes('=')) i++;
        notes.push(arg.split('=')[0] ?? arg);
      } else if (['--region', '--profile', '--no-cli-pager'].includes(arg.split('=')[0] ?? '')) {
        if (!arg.includes('=') && arg !== '--no-cli-pager') i++;
      } else if (arg === '--version') {
        return {
          stdout:
            'aws-cli/2.27.20 Python/3.13.3 Linux/6.1.134-152.225.amzn2023.x86_64 exe/x86_64.amzn.2023\n',
          status: 0,
        };
      } else positional.push(arg);
    }
    const [service, operation] = positional;
    if (!service || !operation)
      return fail(`${USAGE}\naws: error: the following arguments are required: command\n`, 252);
    if (service !== 'ec2')
      return fail(
        `kubelab demo lab: only "aws ec2 describe-…" is simulated here (got "aws ${service}")\n`,
        252,
      );
    const apiName = OPERATIONS[operation];
    if (!apiName) {
      return fail(
        `${USAGE}\naws: error: argument operation: kubelab demo lab answers ${Object.keys(OPERATIONS).join(', ')}\n`,
        252,
      );
    }
    if (output !== 'json') {
      return fail(
        `kubelab demo lab: --output ${output} is not simulated; use --output json\n`,
        252,
      );
    }
    const cluster = clusterOf(host);
    const inst = instanceOf(host);
    if (inst.role === 'node' && operation === 'describe-vpc-peering-connections') {
      const role = `arn:aws:sts::${cluster.accountId}:assumed-role/eksctl-${cluster.name}-nodegroup-ng1-NodeInstanceRole/${inst.instanceId}`;
      return fail(
        `\nAn error occurred (UnauthorizedOperation) when calling the ${apiName} operation: You are not authorized to perform this operation. ` +
          `User: ${role} is not authorized to perform: ec2:${apiName} because no identity-based policy allows the ec2:${apiName} action\n`,
        254,
      );
    }
    const now = nowOf(host);
    const doc =
      operation === 'describe-vpcs'
        ? describeVpcs(cluster)
        : operation === 'describe-subnets'
          ? describeSubnets(cluster)
          : operation === 'describe-vpc-peering-connections'
            ? describePeerings(cluster)
            : operation === 'describe-instances'
              ? describeInstances(cluster, now)
              : describeNetworkInterfaces(cluster, now);
    const stderr = notes.length
      ? `kubelab demo lab: ${notes.join(', ')} not simulated; showing the full ${apiName} output\n`
      : '';
    return { stdout: awsJson(doc), ...(stderr ? { stderr } : {}), status: 0 };
  });
}
