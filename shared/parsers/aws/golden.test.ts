import path from 'node:path';
import { fileURLToPath } from 'node:url';
// eslint-disable-next-line import-x/no-restricted-paths -- tests may use the cross-layer test support
import { goldenSuite } from '../../../test/support/golden';
import { parseDescribeNetworkInterfaces } from './eni';
import { parseDescribeSubnets } from './vpc';

goldenSuite(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures'), {
  'edge-network-interfaces-': parseDescribeNetworkInterfaces,
  'edge-subnets-': parseDescribeSubnets,
});
