import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenSuite } from '../../../test/support/golden';
import { parseIpamdEnis } from './enis';
import { parseIpamdPods } from './pods';

goldenSuite(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures'), {
  'edge-enis-': parseIpamdEnis,
  'edge-pods-': parseIpamdPods,
});
