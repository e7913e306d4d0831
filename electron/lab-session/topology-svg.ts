/**
 * A static picture of a topology snapshot for reports exported without the app: VPCs side by
 * side (joined by their peering), nodes in their VPC, each node's ENIs as rows with one dot per
 * IP slot (filled: a pod, hollow: warm). The app's own graph (cytoscape) exports PNGs; this is
 * what the CLI can draw with no browser.
 */
import type { Topology, TopologyNode } from '../../shared/model/topology';

const NODE_W = 230;
const ENI_H = 34;
const PAD = 14;
const HEAD = 40;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function text(x: number, y: number, s: string, size = 12, weight = 'normal'): string {
  return `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}">${esc(s)}</text>`;
}

function nodeHeight(n: TopologyNode): number {
  return HEAD + Math.max(1, n.enis.length) * ENI_H + PAD;
}

function drawNode(n: TopologyNode, x: number, y: number): string[] {
  const out = [
    `<rect x="${x}" y="${y}" width="${NODE_W}" height="${nodeHeight(n)}" rx="6" fill="#ffffff" stroke="#5b6b7f"/>`,
    text(x + 10, y + 18, `${n.hostId ?? n.nodeName ?? '?'} ${n.primaryIp ?? ''}`, 13, 'bold'),
    text(x + 10, y + 33, `${n.instanceType ?? ''} ${n.availabilityZone ?? ''}`.trim(), 11),
  ];
  n.enis.forEach((e, i) => {
    const ey = y + HEAD + i * ENI_H;
    out.push(
      `<rect x="${x + 8}" y="${ey}" width="${NODE_W - 16}" height="${ENI_H - 6}" rx="4" fill="#eef3fb" stroke="#9db3d6"/>`,
      text(
        x + 14,
        ey + 12,
        `${e.interfaceName ?? `dev ${e.deviceNumber ?? '?'}`} ${e.primaryIp ?? ''}`,
        11,
        'bold',
      ),
    );
    e.slots
      .filter((s) => s.state !== 'primary')
      .forEach((s, k) => {
        const cx = x + 18 + k * 11;
        const fill = s.state === 'assigned' ? '#2f7d32' : '#ffffff';
        out.push(`<circle cx="${cx}" cy="${ey + 21}" r="4" fill="${fill}" stroke="#2f7d32"/>`);
      });
  });
  return out;
}

/** The snapshot as a self-contained SVG document. */
export function topologySvg(t: Topology, title: string): string {
  const body: string[] = [];
  let x = PAD;
  const top = PAD + 24;
  const vpcBoxes = new Map<string, { x: number; w: number; h: number }>();
  const vpcIds = t.vpcs.length > 0 ? t.vpcs.map((v) => v.id) : ['?'];
  for (const id of vpcIds) {
    const vpc = t.vpcs.find((v) => v.id === id);
    const nodes = t.nodes.filter(
      (n) => (n.vpcId ?? '?') === id || (vpcIds.length === 1 && !n.vpcId),
    );
    const hasOperator = t.operator !== undefined && t.operator.vpcId === id;
    const columns = nodes.length + (hasOperator ? 1 : 0);
    const w = Math.max(1, columns) * (NODE_W + PAD) + PAD;
    const h = HEAD + Math.max(80, ...nodes.map(nodeHeight)) + PAD;
    vpcBoxes.set(id, { x, w, h });
    body.push(
      `<rect x="${x}" y="${top}" width="${w}" height="${h}" rx="8" fill="#f6f8fa" stroke="#24292f" stroke-dasharray="6 3"/>`,
      text(x + 10, top + 20, `${vpc?.name ?? id} ${vpc?.cidrs.join(' ') ?? ''}`, 14, 'bold'),
    );
    let nx = x + PAD;
    if (hasOperator && t.operator) {
      body.push(
        `<rect x="${nx}" y="${top + HEAD}" width="${NODE_W}" height="60" rx="6" fill="#fff8e6" stroke="#b08800"/>`,
        text(nx + 10, top + HEAD + 22, `operator ${t.operator.hostId}`, 13, 'bold'),
        text(nx + 10, top + HEAD + 40, t.operator.privateIp ?? '', 12),
      );
      nx += NODE_W + PAD;
    }
    for (const n of nodes) {
      body.push(...drawNode(n, nx, top + HEAD));
      nx += NODE_W + PAD;
    }
    x += w + 60;
  }
  for (const p of t.peerings) {
    const a = vpcBoxes.get(p.requesterVpcId);
    const b = vpcBoxes.get(p.accepterVpcId);
    if (!a || !b) continue;
    const [left, right] = a.x < b.x ? [a, b] : [b, a];
    const y = top + 30;
    body.push(
      `<line x1="${left.x + left.w}" y1="${y}" x2="${right.x}" y2="${y}" stroke="#6f42c1" stroke-width="3"/>`,
      text(left.x + left.w + 4, y - 6, 'peering', 11),
    );
  }
  const width = x - 60 + PAD;
  const height = top + Math.max(0, ...[...vpcBoxes.values()].map((v) => v.h)) + PAD + 20;
  const legend = `${t.pods.length} pods · filled dot: IP held by a pod · hollow: warm IP`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" fill="#24292f">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(PAD, PAD + 8, title, 15, 'bold'),
    ...body,
    text(PAD, height - 8, legend, 11),
    '</svg>',
    '',
  ].join('\n');
}
