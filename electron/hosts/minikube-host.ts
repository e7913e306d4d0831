/**
 * A minikube node as a host, reached the way minikube users reach it: `minikube ssh -n NODE --
 * COMMAND` run on this machine. It is a `LocalHost` whose command lines are wrapped, so exec,
 * streams, timeouts and cancels behave as on this machine; ending one ends the command's process
 * group on the node (through a second `minikube ssh`, as SshHost does over a second channel) and
 * then the local `minikube`.
 */
import { quote } from 'shell-quote';
import { MINIKUBE_NAME_PATTERN } from '../../shared/model/workspace';
import type { HostDescription } from './host';
import { LocalHost, type LocalHostOptions } from './local-host';

/** Which node `minikube ssh` opens: `-n node`, in `-p profile` when it is not the default one. */
export interface MinikubeNode {
  node: string;
  profile?: string;
}

/** Why a node or profile name is refused, or undefined when both are fine. */
export function minikubeNodeProblem(target: MinikubeNode): string | undefined {
  if (!MINIKUBE_NAME_PATTERN.test(target.node)) return `not a minikube node name: "${target.node}"`;
  if (target.profile !== undefined && !MINIKUBE_NAME_PATTERN.test(target.profile))
    return `not a minikube profile name: "${target.profile}"`;
  return undefined;
}

/**
 * The local command line that runs `command` on the node. The command travels as one argument
 * after `--`, quoted for this machine's shell; minikube hands it to the node's shell as it is.
 */
export function minikubeSshLine(target: MinikubeNode, command: string): string {
  const problem = minikubeNodeProblem(target);
  if (problem) throw new Error(problem);
  const profile = target.profile === undefined ? [] : ['-p', target.profile];
  return quote(['minikube', ...profile, 'ssh', '-n', target.node, '--', command]);
}

/** A host for one minikube node; throws on a node or profile name minikube would not take. */
export function minikubeHost(
  description: HostDescription,
  target: MinikubeNode,
  options: Omit<LocalHostOptions, 'wrap'> = {},
): LocalHost {
  const problem = minikubeNodeProblem(target);
  if (problem) throw new Error(problem);
  return new LocalHost(description, {
    ...options,
    wrap: (command) => minikubeSshLine(target, command),
    // Ending the local minikube leaves the command running on the node (no PTY, no hangup).
    isRemote: true,
  });
}
