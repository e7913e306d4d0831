import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenSuite } from '../../../test/support/golden';
import { parseDescribeNetworkInterfaces } from './eni';
import { parseDescribeSubnets } from './vpc';

goldenSuite(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures'), {
  'edge-network-interfaces-': parseDescribeNetworkInterfaces,
  'edge-subnets-': parseDescribeSubnets,
});
