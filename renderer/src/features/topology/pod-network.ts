import { z } from 'zod';
import type { TopologyNode } from '../../../../shared/model/topology';

/**
 * A node's routes and policy rules as the collector reports them (`ip -j route show table all`,
 * `ip -j rule`). Read defensively: older models have neither, and the details then say unknown.
 */
const Table = z.union([z.string(), z.number()]);
const RouteFact = z.object({
  text: z.string(),
  table: Table.optional(),
  dst: z.string().optional(),
  dev: z.string().optional(),
});
const RuleFact = z.object({
  text: z.string(),
  priority: z.number().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  table: Table.optional(),
});

function facts<T>(schema: z.ZodType<T>, value: unknown): T[] | null {
  const parsed = z.array(schema).safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** `ip` alone or as a /32, never as the start of a longer address (10.0.0.1 ≠ 10.0.0.12). */
function mentionPattern(ip: string): RegExp {
  const escaped = ip.replaceAll('.', '\\.');
  return new RegExp(`(?<![\\d.])${escaped}(?:/32)?(?![\\d.]|/\\d)`);
}

const isAddress = (value: string | undefined, ip: string) =>
  value !== undefined && (value === ip || value === `${ip}/32`);

/** The routes and rules that mention the pod's IP; null when the model cannot tell. */
export interface PodNetworkFacts {
  routes: string[] | null;
  rules: string[] | null;
}

/**
 * The node's routes (`<ip> dev eni… scope link`) and rules (`512: from all to <ip> lookup main`,
 * `1536: from <ip> lookup 2`) that name the pod's IP: how its traffic reaches the veth and which
 * ENI it leaves by.
 */
export function podNetworkFacts(
  node: TopologyNode | undefined,
  ip: string | undefined,
): PodNetworkFacts {
  if (node === undefined || ip === undefined) return { routes: null, rules: null };
  const raw = node as { routes?: unknown; rules?: unknown };
  const pattern = mentionPattern(ip);
  const routes = facts(RouteFact, raw.routes);
  const rules = facts(RuleFact, raw.rules);
  return {
    routes:
      routes
        ?.filter((route) => isAddress(route.dst, ip) || pattern.test(route.text))
        .map((route) => withTable(route.text, route.table)) ?? null,
    rules:
      rules
        ?.filter(
          (rule) => isAddress(rule.from, ip) || isAddress(rule.to, ip) || pattern.test(rule.text),
        )
        .map((rule) => rule.text) ?? null,
  };
}

/** A route's text names its table unless it is main (as `ip route show table all` prints). */
function withTable(text: string, table: string | number | undefined): string {
  if (table === undefined || table === 'main' || table === 254 || /\btable\b/.test(text))
    return text;
  return `${text} table ${table}`;
}
