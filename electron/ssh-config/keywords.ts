/**
 * ssh_config keywords OpenSSH 9.x knows. kubelab uses a few; the rest are accepted silently so
 * only real typos and foreign keywords (UseKeychain on Linux, …) are reported.
 */
export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set(
  `host match include hostname user port identityfile identitiesonly hostkeyalias proxyjump
  proxycommand addkeystoagent addressfamily batchmode bindaddress bindinterface canonicaldomains
  canonicalizefallbacklocal canonicalizehostname canonicalizemaxdots canonicalizepermittedcnames
  casignaturealgorithms certificatefile channeltimeout checkhostip ciphers clearallforwardings
  compression connectionattempts connecttimeout controlmaster controlpath controlpersist
  dynamicforward enableescapecommandline enablesshkeysign escapechar exitonforwardfailure
  fingerprinthash forkafterauthentication forwardagent forwardx11 forwardx11timeout
  forwardx11trusted gatewayports globalknownhostsfile gssapiauthentication
  gssapidelegatecredentials hashknownhosts hostbasedacceptedalgorithms hostbasedauthentication
  hostbasedkeytypes hostkeyalgorithms identityagent ignoreunknown ipqos
  kbdinteractiveauthentication kbdinteractivedevices kexalgorithms knownhostscommand
  localcommand localforward loglevel logverbose macs nohostauthenticationforlocalhost
  numberofpasswordprompts obscurekeystroketiming passwordauthentication permitlocalcommand
  permitremoteopen pkcs11provider preferredauthentications proxyusefdpass
  pubkeyacceptedalgorithms pubkeyacceptedkeytypes pubkeyauthentication rekeylimit remotecommand
  remoteforward requesttty requiredrsasize revokedhostkeys securitykeyprovider sendenv
  serveralivecountmax serveraliveinterval sessiontype setenv stdinnull streamlocalbindmask
  streamlocalbindunlink stricthostkeychecking syslogfacility tag tcpkeepalive tunnel
  tunneldevice updatehostkeys userknownhostsfile verifyhostkeydns visualhostkey xauthlocation
  challengeresponseauthentication`.split(/\s+/),
);
