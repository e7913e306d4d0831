export { isAwsId } from './common';
export { parseDescribeInstances, parseDescribeNetworkInterfaces } from './eni';
export { parseDescribeRouteTables } from './route-table';
export type * from './types';
export { parseDescribeSubnets, parseDescribeVpcPeeringConnections, parseDescribeVpcs } from './vpc';
