import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenSuite } from '../../../test/support/golden';
import { parseKubectlJson } from './json';
import { parseKubectlTable } from './table';
import { parseKubectlNodesWide, parseKubectlPodsWide, parseKubectlServicesWide } from './wide';

goldenSuite(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures'), {
  'edge-json-': parseKubectlJson,
  'edge-table-': parseKubectlTable,
  'edge-wide-nodes-': parseKubectlNodesWide,
  'edge-wide-pods-': parseKubectlPodsWide,
  'edge-wide-svc-': parseKubectlServicesWide,
});
