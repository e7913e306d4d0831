/**
 * Records from `aws ec2 describe-… --output json`. Each keeps `path`, its place in the document
 * (`NetworkInterfaces[1]`, `Reservations[0].Instances[0]`), so warnings can point back. Ids that
 * are not well formed are kept but warned about; addresses that are not addresses are dropped
 * with a warning.
 */
export interface AwsRef {
  path: string;
  tags: Record<string, string>;
  /** The `Name` tag. */
  name?: string;
}

/** A private IPv4 address of an ENI. */
export interface AwsPrivateIp {
  address: string;
  primary: boolean;
  /** Public or Elastic IP associated with it. */
  publicIp?: string;
}

/** An elastic network interface (`describe-network-interfaces`, or inside an instance). */
export interface AwsEni extends AwsRef {
  id: string;
  mac?: string;
  /** The primary private IPv4 address. */
  privateIp?: string;
  privateIps: AwsPrivateIp[];
  /** `/28` prefixes assigned for prefix delegation. */
  ipv4Prefixes: string[];
  subnetId?: string;
  vpcId?: string;
  zone?: string;
  status?: string;
  description?: string;
  /** `interface`, `trunk`, `branch`, `efa`, `nat_gateway`… */
  interfaceType?: string;
  publicIp?: string;
  attachment?: {
    instanceId?: string;
    deviceIndex?: number;
    networkCardIndex?: number;
    status?: string;
  };
  securityGroups: { id: string; name?: string }[];
  requesterManaged?: boolean;
  sourceDestCheck?: boolean;
}

/** An EC2 instance (`describe-instances`). */
export interface AwsInstance extends AwsRef {
  id: string;
  type?: string;
  state?: string;
  privateIp?: string;
  publicIp?: string;
  zone?: string;
  vpcId?: string;
  subnetId?: string;
  /** Cores × threads per core, when `CpuOptions` is present. */
  vcpus?: number;
  enis: AwsEni[];
}

/** A VPC (`describe-vpcs`). */
export interface AwsVpc extends AwsRef {
  id: string;
  /** The primary CIDR first, then the other associated ones. */
  cidrs: string[];
  state?: string;
  isDefault?: boolean;
  ownerId?: string;
}

/** A subnet (`describe-subnets`). */
export interface AwsSubnet extends AwsRef {
  id: string;
  vpcId?: string;
  cidr?: string;
  zone?: string;
  availableIps?: number;
  mapPublicIpOnLaunch?: boolean;
  defaultForAz?: boolean;
}

/** One side of a VPC peering connection. */
export interface AwsPeeringSide {
  vpcId?: string;
  /** Absent while a peering is pending acceptance. */
  cidr?: string;
  cidrs: string[];
  owner?: string;
  region?: string;
}

/** A VPC peering connection (`describe-vpc-peering-connections`). */
export interface AwsPeering extends AwsRef {
  id: string;
  /** `active`, `pending-acceptance`, `deleted`, `rejected`… */
  status?: string;
  statusMessage?: string;
  requester: AwsPeeringSide;
  accepter: AwsPeeringSide;
  expirationTime?: string;
}

/** One route of a VPC route table. */
export interface AwsRoute {
  /** Destination CIDR (v4 or v6) or prefix list id. */
  dest: string;
  /** `local`, `igw-…`, `nat-…`, `pcx-…`, `tgw-…`, `eni-…`, `i-…`… */
  target?: string;
  /** `active` or `blackhole`. */
  state?: string;
  origin?: string;
}

/** A VPC route table (`describe-route-tables`). */
export interface AwsRouteTable extends AwsRef {
  id: string;
  vpcId?: string;
  routes: AwsRoute[];
  associations: { id?: string; main: boolean; subnetId?: string; gatewayId?: string }[];
}
