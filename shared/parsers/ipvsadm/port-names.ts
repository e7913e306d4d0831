/**
 * Service names `ipvsadm` prints without `-n` (from the node's /etc/services, Debian's list),
 * limited to the ports a cluster is likely to expose. Aliases map to the same port.
 */
const PORTS: Readonly<Record<string, number>> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  mail: 25,
  domain: 53,
  http: 80,
  www: 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  portmapper: 111,
  ntp: 123,
  imap2: 143,
  imap: 143,
  snmp: 161,
  bgp: 179,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  submissions: 465,
  smtps: 465,
  syslog: 514,
  submission: 587,
  ldaps: 636,
  rsync: 873,
  imaps: 993,
  pop3s: 995,
  openvpn: 1194,
  'ms-sql-s': 1433,
  radius: 1812,
  nfs: 2049,
  mysql: 3306,
  'ms-wbt-server': 3389,
  epmd: 4369,
  postgresql: 5432,
  postgres: 5432,
  amqp: 5672,
  redis: 6379,
  'http-alt': 8080,
  webcache: 8080,
  tproxy: 8081,
  'bacula-dir': 9101,
  'bacula-fd': 9102,
  'bacula-sd': 9103,
  git: 9418,
  'zabbix-agent': 10050,
};

/**
 * The port number of an /etc/services name as `ipvsadm -L` prints it (`http` → 80,
 * `postgresql` → 5432, `http-alt` → 8080); undefined when the name is not in the table.
 */
export function portByName(name: string): number | undefined {
  return Object.hasOwn(PORTS, name) ? PORTS[name] : undefined;
}
