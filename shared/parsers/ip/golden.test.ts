import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenSuite } from '../../../test/support/golden';
import { parseIpAddr } from './addr';
import { parseIpAddrBrief } from './addr-brief';
import { parseIpAddrJson } from './addr-json';
import { parseIpNeigh, parseIpNeighJson } from './neigh';
import { parseIpRoute } from './route';
import { parseIpRouteJson } from './route-json';
import { parseIpRule, parseIpRuleJson } from './rule';

goldenSuite(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures'), {
  'edge-addr-': parseIpAddr,
  'edge-addr-brief-': parseIpAddrBrief,
  'edge-addr-json-': parseIpAddrJson,
  'edge-neigh-': parseIpNeigh,
  'edge-neigh-json-': parseIpNeighJson,
  'edge-route-': (text) => parseIpRoute(text),
  'edge-route-json-': parseIpRouteJson,
  'edge-rule-': parseIpRule,
  'edge-rule-json-': parseIpRuleJson,
});
