export { parseIpAddr, splitIfname } from './addr';
export { parseIpAddrBrief } from './addr-brief';
export { parseIpAddrJson } from './addr-json';
export { parseIpNeigh, parseIpNeighJson } from './neigh';
export { parseIpRoute, type IpRouteOptions } from './route';
export { parseIpRouteJson } from './route-json';
export { parseIpRule, parseIpRuleJson } from './rule';
export type * from './types';
