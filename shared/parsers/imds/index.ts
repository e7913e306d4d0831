export {
  parseImdsDeviceNumber,
  parseImdsIpv4List,
  parseImdsListing,
  parseImdsMacs,
  parseImdsValue,
  type ImdsEntry,
  type ImdsLine,
} from './listing';
export { parseImdsMacsTree, type ImdsInterface } from './tree';
