import { clip } from '../parse-helpers';
import { splitLines, type Parsed, type WarningList } from '../parse-result';
import type { IpamdEni, IpamdEnis, IpamdIp, IpamdPod, IpamdPods } from './types';

/** `"key": value` on one line of pretty-printed JSON; the value keeps its trailing comma off. */
const KEY_VALUE = /^\s*"([^"]*)"\s*:\s*(.*?)\s*,?\s*$/;
/** A line that only says that something was left out: `...`, `…`, `[...]`. */
const ELISION = /^\s*(?:\.{3,}|…|\[\.{3}\]|\{\.{3}\})\s*$/;
const ADDRESS_KEY = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?$/;

function scalar(value: string): string | number | boolean | undefined {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  const s = /^"(.*)"$/.exec(value);
  return s?.[1];
}

interface EniScan {
  out: IpamdEnis;
  eni?: IpamdEni;
  ip?: IpamdIp;
}

function startEni(scan: EniScan, id: string, lineNo: number): IpamdEni {
  const eni: IpamdEni = { id, prefixes: [], ips: [], line: lineNo };
  scan.out.enis.push(eni);
  scan.eni = eni;
  scan.ip = undefined;
  return eni;
}

/** Names an ENI met after an elision; merges it into an earlier one with the same id. */
function nameEni(scan: EniScan, id: string): void {
  const eni = scan.eni;
  if (eni === undefined || eni.id === id) return;
  const earlier = scan.out.enis.find((e) => e !== eni && e.id === id);
  if (eni.id !== '' || earlier === undefined) {
    eni.id = id;
    return;
  }
  earlier.ips.push(...eni.ips);
  scan.out.enis.splice(scan.out.enis.indexOf(eni), 1);
  scan.eni = earlier;
}

function scanEniKey(
  scan: EniScan,
  key: string,
  value: string | number | boolean | undefined,
  lineNo: number,
  warn: (m: string) => void,
): void {
  const address = ADDRESS_KEY.exec(key);
  if (key.startsWith('eni-') && value === undefined) startEni(scan, key, lineNo);
  else if (address?.[1] !== undefined && value === undefined) {
    const eni = scan.eni ?? startEni(scan, '', lineNo);
    scan.ip = { address: address[1], assigned: false, line: lineNo };
    eni.ips.push(scan.ip);
  } else if ((key === 'Id' || key === 'ID') && typeof value === 'string') nameEni(scan, value);
  else if (key === 'TotalIPs' && typeof value === 'number') scan.out.totalIPs = value;
  else if (key === 'AssignedIPs' && typeof value === 'number') scan.out.assignedIPs = value;
  else if (key === 'DeviceNumber' && typeof value === 'number' && scan.eni !== undefined)
    scan.eni.deviceNumber = value;
  else if (key === 'IsPrimary' && typeof value === 'boolean' && scan.eni !== undefined)
    scan.eni.isPrimary = value;
  else if (key === 'AssignedIPv4Addresses' && typeof value === 'number' && scan.eni !== undefined)
    scan.eni.statedAssigned = value;
  else if (key === 'Assigned' && typeof value === 'boolean') {
    if (scan.ip === undefined) warn('"Assigned" without its address (the address was elided)');
    else scan.ip.assigned = value;
  } else if (key === 'k8sPodName' && typeof value === 'string' && scan.ip !== undefined) {
    scan.ip.pod = { namespace: scan.ip.pod?.namespace ?? '', name: value };
    scan.ip.assigned = true;
  } else if (key === 'k8sPodNamespace' && typeof value === 'string' && scan.ip !== undefined) {
    scan.ip.pod = { namespace: value, name: scan.ip.pod?.name ?? '' };
  }
}

/**
 * Recovers what it can from `/v1/enis` text that is not valid JSON (cut, or elided with `...`
 * as in the VPC CNI troubleshooting doc), one pretty-printed line at a time: ENI keys, `Id`,
 * `DeviceNumber`, address keys and their `Assigned`, the totals. Addresses seen after an elision
 * belong to an ENI named by the next `Id`. Always `complete: false`.
 */
export function salvageEnis(text: string, warnings: WarningList): Parsed<IpamdEnis> {
  const scan: EniScan = { out: { format: 'unknown', complete: false, enis: [] } };
  warnings.add(0, 'not valid JSON: salvaged line by line; the lists below are partial');
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    if (ELISION.test(raw)) {
      warnings.add(lineNo, 'elided here: addresses and ENIs are missing', clip(raw));
      scan.eni = scan.eni === undefined ? undefined : startEni(scan, '', lineNo + 1);
      scan.ip = undefined;
      return;
    }
    const m = KEY_VALUE.exec(raw);
    if (m?.[1] === undefined) return;
    if (m[1] === 'ENIIPPools') scan.out.format = 'legacy-2018';
    const value = m[2] === '{' || m[2] === '' ? undefined : scalar(m[2] ?? '');
    scanEniKey(scan, m[1], value, lineNo, (message) => warnings.add(lineNo, message, clip(raw)));
  });
  scan.out.enis = scan.out.enis.filter((e) => e.id !== '' || e.ips.length > 0);
  for (const eni of scan.out.enis)
    if (eni.id === '') warnings.add(eni.line ?? 0, 'addresses of an ENI whose id was elided');
  return { value: scan.out, warnings: warnings.items };
}

/** Splits a `/v1/pods` key `name_namespace_containerID` (pod names hold no `_`). */
export function splitPodKey(
  key: string,
): Pick<IpamdPod, 'name' | 'namespace' | 'containerId'> | undefined {
  const parts = key.split('_');
  if (parts.length !== 3) return undefined;
  return { name: parts[0] ?? '', namespace: parts[1] ?? '', containerId: parts[2] ?? '' };
}

/** Line-by-line recovery of a `/v1/pods` map that is not valid JSON; `complete: false`. */
export function salvagePods(text: string, warnings: WarningList): Parsed<IpamdPods> {
  const pods: IpamdPod[] = [];
  let current: IpamdPod | undefined;
  warnings.add(0, 'not valid JSON: salvaged line by line; the list below is partial');
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    if (ELISION.test(raw)) {
      warnings.add(lineNo, 'elided here: pods are missing', clip(raw));
      current = undefined;
      return;
    }
    const m = KEY_VALUE.exec(raw);
    if (m?.[1] === undefined) return;
    const value = scalar(m[2] ?? '');
    const parts = m[2] === '{' ? splitPodKey(m[1]) : undefined;
    if (parts !== undefined) {
      current = { key: m[1], ...parts, line: lineNo };
      pods.push(current);
    } else if (m[1] === 'IP' && typeof value === 'string' && current !== undefined)
      current.ip = value;
    else if (m[1] === 'DeviceNumber' && typeof value === 'number' && current !== undefined)
      current.deviceNumber = value;
  });
  return { value: { complete: false, pods }, warnings: warnings.items };
}
