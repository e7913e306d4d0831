/**
 * What the AWS VPC CNI's ipamd reports on its introspection port
 * (`curl localhost:61679/v1/enis`; 61678 on old releases). Records read from JSON keep `path`;
 * records salvaged from damaged text keep `line`.
 */
export interface IpamdSource {
  path?: string;
  line?: number;
}

/** A pod as ipamd names it. */
export interface IpamdPodRef {
  namespace: string;
  name: string;
}

/** One IPv4 address in an ENI's warm pool. */
export interface IpamdIp extends IpamdSource {
  address: string;
  assigned: boolean;
  pod?: IpamdPodRef;
  containerId?: string;
  assignedTime?: string;
  /** The /32 slot or /28 prefix (prefix delegation) the address belongs to. */
  cidr?: string;
}

/** One ENI ipamd manages. */
export interface IpamdEni extends IpamdSource {
  id: string;
  isPrimary?: boolean;
  isTrunk?: boolean;
  isEfa?: boolean;
  /** 0 for the primary ENI; the ENI's route table is deviceNumber + 1. */
  deviceNumber?: number;
  /** Network card index (the key of the current format's top level). */
  networkCard?: string;
  /** /28 prefixes when prefix delegation is on. */
  prefixes: string[];
  ips: IpamdIp[];
  /** `AssignedIPv4Addresses` as the legacy format states it. */
  statedAssigned?: number;
}

/** The whole `/v1/enis` answer. */
export interface IpamdEnis {
  /**
   * `network-cards`: current releases, keyed by card ("0"); `v1`: TotalIPs/AssignedIPs/ENIs at the
   * top; `legacy-2018`: `ENIIPPools` with `{ Assigned }` per address.
   */
  format: 'network-cards' | 'v1' | 'legacy-2018' | 'unknown';
  /** False when the input was cut or elided (`...`): counts and lists are then partial. */
  complete: boolean;
  /** As ipamd states them (summed over network cards). */
  totalIPs?: number;
  assignedIPs?: number;
  enis: IpamdEni[];
}

/** One entry of the legacy `/v1/pods` map, keyed `name_namespace_containerID`. */
export interface IpamdPod extends IpamdSource {
  key: string;
  name: string;
  namespace: string;
  /** Empty when ipamd had none (`cni-metrics-helper-…_kube-system_`). */
  containerId: string;
  ip?: string;
  deviceNumber?: number;
}

/** The legacy `/v1/pods` answer. */
export interface IpamdPods {
  complete: boolean;
  pods: IpamdPod[];
}
