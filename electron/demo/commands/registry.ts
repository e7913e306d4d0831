/**
 * Which commands each demo host answers. Worker nodes carry the EKS node tools (iproute2,
 * iptables, conntrack, curl to IMDS and ipamd) but no kubectl; the operator host carries kubectl
 * and the AWS CLI, like the study's operator EC2.
 */
import { awk } from '../shell/awk';
import { egrep, fgrep, grep } from '../shell/grep';
import { jq } from '../shell/jq';
import type { OverlayCni } from '../model/types';
import type { Command } from '../shell/run';
import { column, cut, head, sort, tail, uniq, wc } from '../shell/text-tools';
import { awsCommand } from './aws';
import {
  catCommand,
  clear,
  dateCommand,
  echo,
  env,
  falseCommand,
  hostnamectlCommand,
  hostnameCommand,
  id,
  pwd,
  ssh,
  trueCommand,
  unameCommand,
  whoami,
} from './basics';
import { conntrackCommand } from './conntrack';
import { instanceOf, ok, printing, type HostContext } from './context';
import { curlCommand } from './curl';
import { lsCommand, rmCommand } from './files';
import { ipCommand } from './ip';
import { iptablesCommand, NETFILTER_PROGRAMS, NodeNetfilter } from './iptables';
import { ipsetCommand, ipvsadmCommand } from './ipvsadm';
import { registerPacketSink } from '../kube-proxy/node-registry';
import { kubectlCommand } from './kubectl';
import { pingCommand } from './ping';
import { routeCommand } from './route';
import { sleepCommand, watchCommand, yes } from './streams';
import { tcpdumpCommand } from './tcpdump';
import { trafficCommand } from '../traffic/loop';

const HELP_NODE = [
  'ip [-j] [-br] [-4|-6] [-c] addr|link|route|rule|neigh|netns [show …]   ip route get ADDR',
  'route -n   ping [-c N] [-i S] ADDR   conntrack -L [-p tcp|udp] [-s|-d ADDR]   sudo iptables-save | iptables -t nat -S | -L [CHAIN] -n -v [-x]',
  "sudo ipvsadm -Ln [--stats|--rate] [-t VIP:PORT]   sudo ipvsadm -Z   sudo ipset list [NAME]   (IPVS mode: see the operator's kube-proxy ConfigMap)",
  'curl -s http://169.254.169.254/latest/meta-data/…   (IMDSv2: curl -s -X PUT …/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")',
  'curl -s localhost:61679/v1/enis   (ipamd: the warm pool)',
];
const HELP_OPERATOR = [
  'kubectl get pods|nodes|svc|endpointslices|ep|deploy|ds [-A|-n NS] [-l k=v] [-o wide|json|name|jsonpath=…|custom-columns=…]',
  'kubectl scale deployment nginx --replicas N   kubectl version',
  'kubectl -n kube-system get cm kube-proxy-config -o yaml   kubectl -n kube-system patch cm kube-proxy-config --type merge -p JSON',
  'kubectl -n kube-system rollout restart ds kube-proxy   kubectl exec POD -- curl -s http://SERVICE',
  "kubectl apply -f - <<'EOF' … EOF | -f FILE (StatefulSet, Service; headless with clusterIP: None)   kubectl delete pod|svc|sts NAME",
  'kubectl run NAME --image=busybox|tutum/dnsutils [-- sleep 3600 | --rm -it --restart=Never -- nslookup|dig NAME]',
  'kubectl exec POD -- nslookup NAME (busybox) | dig NAME (dnsutils) | wget -qO- NAME | cat /etc/resolv.conf',
  'aws ec2 describe-vpcs|describe-subnets|describe-vpc-peering-connections|describe-instances|describe-network-interfaces',
  'ip …   route -n   ping ADDR   curl …',
];
const HELP_COMMON = [
  'tcpdump -i any|ens5|eni… -nn [-l] [-tttt] [-c N] [-w -] [host|net|port|tcp|udp|icmp … and/or/not]   kubelab-traffic start|stop (a curl loop from a pod)',
  'watch [-n S] [-d] CMD   yes   sleep N   echo   true   false   date   whoami   id   hostname   uname -a   hostnamectl',
  'cat /etc/resolv.conf|/etc/os-release|/proc/net/nf_conntrack|FILE   cat > FILE <<EOF … EOF (files in ~ and /tmp)   ls   rm   env   pwd   clear   sudo [-n] CMD   VAR=value CMD',
  "Pipes and lists: | ; && ||, $(…), 2>/dev/null, 2>&1, into grep/egrep [-E -v -i -c -w], head, tail, wc -l, sort, uniq, cut, awk '{print $N}', column -t, jq",
];

/** The minikube-Calico and kubeadm-Flannel labs: no AWS CLI, IMDS or ipamd lines. */
function overlayHelpText(role: 'operator' | 'node', overlay: OverlayCni): string {
  const what =
    overlay.kind === 'calico'
      ? 'minikube cluster with Calico (IPIP)'
      : 'kubeadm cluster with Flannel (VXLAN)';
  const lines = [
    `kubelab demo lab: a simulated ${role === 'node' ? 'node' : 'workstation'} of a ${what}.`,
    'Every output is derived from one model of the cluster, so the same pod IP appears in kubectl, ip route, ip link (@ifN) and the pod itself.',
    '',
    ...(role === 'node'
      ? HELP_NODE.slice(0, 3)
      : [
          ...HELP_OPERATOR.filter((l) => !l.startsWith('aws ')),
          'kubectl exec POD -- ip addr|ip route|cat /sys/class/net/eth0/iflink',
        ]),
    ...HELP_COMMON,
  ];
  return `${lines.join('\n')}\n`;
}

function helpText(role: 'operator' | 'node'): string {
  const lines = [
    `kubelab demo lab: a simulated ${role === 'node' ? 'EKS worker node (Amazon Linux 2023, t3.medium)' : 'operator host (Amazon Linux 2023)'}.`,
    'Every output is derived from one model of the myeks cluster, so the same pod IP appears in kubectl, ip route, ip rule, IMDS and ipamd.',
    '',
    ...(role === 'node' ? HELP_NODE : HELP_OPERATOR),
    ...HELP_COMMON,
  ];
  return `${lines.join('\n')}\n`;
}

/** The command table of one demo host. */
export function commandsFor(host: HostContext): Map<string, Command> {
  const role = instanceOf(host).role;
  const commands = new Map<string, Command>([
    ['ip', ipCommand(host)],
    ['route', routeCommand(host)],
    ['curl', curlCommand(host)],
    ['ping', pingCommand(host)],
    // Only the EKS lab has the AWS CLI; minikube's and kubeadm's hosts answer `command not found`.
    ...(host.store.cluster.overlay === undefined
      ? [['aws', awsCommand(host)] as [string, Command]]
      : []),
    ['watch', watchCommand(host)],
    ['yes', yes],
    ['sleep', sleepCommand],
    ['echo', echo],
    ['true', trueCommand],
    ['false', falseCommand],
    [':', trueCommand],
    ['date', dateCommand(host)],
    ['whoami', whoami],
    ['id', id],
    ['hostname', hostnameCommand(host)],
    ['hostnamectl', hostnamectlCommand(host)],
    ['uname', unameCommand(host)],
    ['cat', catCommand(host)],
    ['ls', lsCommand(host)],
    ['rm', rmCommand(host)],
    ['env', env],
    ['printenv', env],
    ['pwd', pwd],
    ['clear', clear],
    ['ssh', ssh],
    ['grep', grep],
    ['egrep', egrep],
    ['fgrep', fgrep],
    ['head', head],
    ['tail', tail],
    ['wc', wc],
    ['sort', sort],
    ['uniq', uniq],
    ['cut', cut],
    ['awk', awk],
    ['column', column],
    ['jq', jq],
    [
      'help',
      printing(() => {
        const overlay = host.store.cluster.overlay;
        return ok(overlay ? overlayHelpText(role, overlay) : helpText(role));
      }),
    ],
    ['tcpdump', tcpdumpCommand(host)],
    ['kubelab-traffic', trafficCommand(host)],
  ]);
  if (role === 'node') {
    const netfilter = new NodeNetfilter(host);
    host.packets = netfilter;
    registerPacketSink(host.store, host.hostId, netfilter);
    commands.set('ipvsadm', ipvsadmCommand(host));
    commands.set('ipset', ipsetCommand(host, netfilter));
    for (const program of NETFILTER_PROGRAMS)
      commands.set(program, iptablesCommand(host, netfilter));
    commands.set('conntrack', conntrackCommand(host));
  } else {
    commands.set('kubectl', kubectlCommand(host));
  }
  return commands;
}

/** bash's message for a command the host does not have, with a pointer to `help`. */
export function notFoundMessage(name: string): string {
  return `bash: ${name}: command not found (kubelab demo lab: this simulated host answers the lab commands listed by 'help')`;
}
