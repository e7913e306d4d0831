import {
  clip,
  fieldsOf,
  lineWarner,
  parseJsonText,
  pushExtra,
  type JsonFields,
  type LineWarner,
} from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import type { IpRule } from './types';

const RULE_LINE = /^\s*(\d+):\s*(.*)$/;
/** Selector keys that take one value. `all` is the same as leaving the selector out. */
const VALUE_KEYS = new Set([
  'from',
  'to',
  'fwmark',
  'iif',
  'oif',
  'tos',
  'dsfield',
  'uidrange',
  'ipproto',
  'sport',
  'dport',
]);
const ACTIONS = new Set(['blackhole', 'unreachable', 'prohibit', 'nop']);
/** Keys iproute2 prints that the model does not keep; their value is skipped without a warning. */
const IGNORED_VALUE_KEYS = new Set([
  'realms',
  'proto',
  'protocol',
  'suppress_ifgroup',
  'tun_id',
  'map-to',
  'flowid',
]);
const IGNORED_FLAGS = new Set(['[detached]', '[unresolved]', 'unresolved']);

function setSelector(rule: IpRule, key: string, value: string): void {
  switch (key) {
    case 'from':
      if (value !== 'all') rule.from = value;
      return;
    case 'to':
      if (value !== 'all') rule.to = value;
      return;
    case 'fwmark':
      rule.fwmark = value;
      return;
    case 'iif':
      rule.iif = value;
      return;
    case 'oif':
      rule.oif = value;
      return;
    case 'tos':
    case 'dsfield':
      rule.tos = value;
      return;
    case 'uidrange':
      rule.uidrange = value;
      return;
    case 'ipproto':
      rule.ipproto = value;
      return;
    case 'sport':
      rule.sport = value;
      return;
    case 'dport':
      rule.dport = value;
      return;
  }
}

function readRuleTokens(rule: IpRule, tokens: string[], warn: LineWarner): void {
  const extra: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];
    const needsValue =
      VALUE_KEYS.has(token) ||
      IGNORED_VALUE_KEYS.has(token) ||
      ['lookup', 'table', 'goto', 'suppress_prefixlength'].includes(token);
    if (needsValue && next === undefined) {
      warn(`"${clip(token, 40)}" has no value`);
      pushExtra(extra, token);
      continue;
    }
    if (token === 'not') rule.not = true;
    else if (token === 'l3mdev') rule.l3mdev = true;
    else if (IGNORED_FLAGS.has(token)) continue;
    else if (ACTIONS.has(token)) rule.action = token;
    else if (next === undefined) {
      warn(`unknown rule token "${clip(token, 40)}"`);
      pushExtra(extra, token);
    } else if (VALUE_KEYS.has(token)) setSelector(rule, token, tokens[++i] ?? '');
    else if (token === 'lookup' || token === 'table') rule.table = tokens[++i];
    else if (token === 'goto') {
      rule.action = 'goto';
      const target = tokens[++i] ?? '';
      if (/^\d+$/.test(target)) rule.gotoPriority = Number(target);
      else warn(`goto target "${clip(target, 40)}" is not a priority`);
    } else if (token === 'suppress_prefixlength') {
      const n = tokens[++i] ?? '';
      if (/^\d+$/.test(n)) rule.suppressPrefixlength = Number(n);
      else warn(`suppress_prefixlength "${clip(n, 40)}" is not a number`);
    } else if (IGNORED_VALUE_KEYS.has(token)) i++;
    else {
      warn(`unknown rule token "${clip(token, 40)}"`);
      pushExtra(extra, token);
    }
  }
  if (extra.length > 0) rule.extra = extra;
}

/**
 * Parses `ip rule` / `ip rule list` / `ip rule show` text.
 *
 * Sample line: `1536:\tfrom 10.0.97.30 lookup eni-1`
 * → `{ priority: 1536, from: '10.0.97.30', table: 'eni-1', line, raw }`.
 * `not from all to 10.0.0.0/16 lookup main` gives `{ not: true, to: '10.0.0.0/16', table: 'main' }`.
 * Output: one {@link IpRule} per rule line, in input order. Blank lines are skipped; other
 * unreadable lines and unknown tokens become warnings.
 */
export function parseIpRule(text: string): Parsed<IpRule[]> {
  const warnings = new WarningList();
  const rules: IpRule[] = [];
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') return;
    const m = RULE_LINE.exec(raw);
    if (m === null || m[1] === undefined || m[1].length > 10) {
      warnings.add(
        lineNo,
        'not an ip rule line (expected "<priority>: <selector> <action>")',
        clip(raw),
      );
      return;
    }
    const rule: IpRule = { priority: Number(m[1]), line: lineNo, raw: clip(raw, 4096) };
    const body = (m[2] ?? '').trim();
    const warn = lineWarner(warnings, lineNo, raw);
    readRuleTokens(rule, body === '' ? [] : body.split(/\s+/), warn);
    if (rule.table === undefined && rule.action === undefined)
      warn('rule has no lookup table or action');
    rules.push(rule);
  });
  return { value: rules, warnings: warnings.items };
}

function withLength(address: string | undefined, len: number | undefined): string | undefined {
  if (address === undefined || address === 'all') return undefined;
  const host = address.includes(':') ? 128 : 32;
  return len === undefined || len === host ? address : `${address}/${len}`;
}

function ruleFromJson(f: JsonFields, index: number): IpRule | undefined {
  const priority = f.integer('priority', true);
  if (priority === undefined) return undefined;
  const rule: IpRule = {
    priority,
    line: 0,
    raw: clip(JSON.stringify(f.obj), 4096),
    path: `[${index}]`,
  };
  if ('not' in f.obj) rule.not = true;
  const from = withLength(f.string('src'), f.integer('srclen'));
  const to = withLength(f.string('dst'), f.integer('dstlen'));
  if (from !== undefined) rule.from = from;
  if (to !== undefined) rule.to = to;
  const mark = f.string('fwmark');
  const mask = f.string('fwmask');
  if (mark !== undefined) rule.fwmark = mask === undefined ? mark : `${mark}/${mask}`;
  const iif = f.string('iif');
  const oif = f.string('oif');
  const tos = f.string('tos');
  const table = f.string('table');
  const action = f.string('action');
  if (iif !== undefined) rule.iif = iif;
  if (oif !== undefined) rule.oif = oif;
  if (tos !== undefined) rule.tos = tos;
  if (table !== undefined) rule.table = table;
  if ('l3mdev' in f.obj) rule.l3mdev = true;
  const uidStart = f.integer('uid_start');
  const uidEnd = f.integer('uid_end');
  if (uidStart !== undefined && uidEnd !== undefined) rule.uidrange = `${uidStart}-${uidEnd}`;
  if ('nop' in f.obj) rule.action = 'nop';
  else if (action !== undefined && action !== 'lookup') rule.action = action;
  const gotoPriority = f.integer('goto');
  if (gotoPriority !== undefined) {
    rule.action = 'goto';
    rule.gotoPriority = gotoPriority;
  }
  if (rule.table === undefined && rule.action === undefined)
    f.warn('rule has no lookup table or action');
  return rule;
}

/**
 * Parses `ip -j rule` (a JSON array on one line).
 *
 * Sample element: `{"priority":1024,"src":"all","fwmark":"0x80","fwmask":"0x80","table":"main"}`
 * → `{ priority: 1024, fwmark: '0x80/0x80', table: 'main', line: 0, path: '[3]' }`.
 * Output: the same {@link IpRule} records as {@link parseIpRule}; JSON errors become warnings.
 */
export function parseIpRuleJson(text: string): Parsed<IpRule[]> {
  const warnings = new WarningList();
  const rules: IpRule[] = [];
  const parsed = parseJsonText(text, warnings);
  if (!parsed.ok) return { value: rules, warnings: warnings.items };
  if (!Array.isArray(parsed.value)) {
    warnings.add(0, 'expected a JSON array of rules (ip -j rule)');
    return { value: rules, warnings: warnings.items };
  }
  parsed.value.forEach((item, i) => {
    const f = fieldsOf(item, `[${i}]`, warnings);
    const rule = f === undefined ? undefined : ruleFromJson(f, i);
    if (rule !== undefined) rules.push(rule);
  });
  return { value: rules, warnings: warnings.items };
}
