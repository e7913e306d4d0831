export { ipFromHostname, parseIpvsAddress } from './address';
export { parseIpvsadm, parseIpvsCount } from './parse-ipvsadm';
export { portByName } from './port-names';
export type * from './types';
