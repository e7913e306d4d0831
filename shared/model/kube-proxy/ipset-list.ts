import { splitLines, WarningList, type Parsed } from '../../parsers/parse-result';

/** One set from `ipset list`. */
export interface IpsetSet {
  name: string;
  /** `hash:ip,port`, `bitmap:port`, … */
  type: string;
  /** The `Header:` line's words (`family inet hashsize 1024 maxelem 65536 …`). */
  header: string;
  references: number | null;
  /** `Number of entries:`; the member count when ipset did not print it (older releases). */
  entries: number;
  /** Members as printed (`10.100.0.10,udp:53`, `30080`, `192.168.5.9,tcp:80,192.168.5.9`). */
  members: string[];
  /** 1-based line of `Name:`. */
  line: number;
}

/**
 * Parses `ipset list` (or `ipset list NAME`): the sets kube-proxy's IPVS mode keeps
 * (KUBE-CLUSTER-IP, KUBE-LOOP-BACK, KUBE-NODE-PORT-TCP, …) with their members.
 *
 * Sample: `Name: KUBE-CLUSTER-IP` / `Type: hash:ip,port` / … / `Members:` / `10.100.0.10,udp:53`.
 * Never throws; lines outside a set become warnings.
 */
export function parseIpsetList(text: string): Parsed<IpsetSet[]> {
  const warnings = new WarningList();
  const sets: IpsetSet[] = [];
  let current: IpsetSet | undefined;
  let inMembers = false;
  let counted: number | null = null;
  const finish = (): void => {
    if (current === undefined) return;
    current.entries = counted ?? current.members.length;
    sets.push(current);
  };
  splitLines(text).forEach((raw, i) => {
    const line = raw.trimEnd();
    const field = /^([A-Za-z][A-Za-z ]*):\s?(.*)$/.exec(line);
    if (field && (field[1] === 'Name' || !inMembers || line === 'Members:')) {
      const [, key = '', value = ''] = field;
      if (key === 'Name') {
        finish();
        current = {
          name: value,
          type: '',
          header: '',
          references: null,
          entries: 0,
          members: [],
          line: i + 1,
        };
        inMembers = false;
        counted = null;
      } else if (current === undefined) warnings.add(i + 1, 'a field before any "Name:"', raw);
      else if (key === 'Type') current.type = value;
      else if (key === 'Header') current.header = value;
      else if (key === 'References') current.references = Number(value);
      else if (key === 'Number of entries') counted = Number(value);
      else if (key === 'Members') inMembers = true;
      return;
    }
    if (line === '') {
      inMembers = false;
      return;
    }
    if (current !== undefined && inMembers) current.members.push(line.trim());
    else warnings.add(i + 1, 'not part of an ipset listing', raw);
  });
  finish();
  return { value: sets, warnings: warnings.items };
}
