// Where a request connects, as curl's --resolve, --connect-to, --unix-socket, -4 and -6 say.
// Pure data and parsing: the pool asks route() for a URL's host and port.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kurl {

/// -4 / -6: which address family a host name may resolve to.
enum class IpFamily { Any, V4, V6 };

/// One --resolve entry: HOST:PORT mapped to addresses ("*" as HOST matches every host).
struct ResolveEntry {
  std::string host;                    ///< lower-case; "*" = any host
  uint16_t port = 0;
  std::vector<std::string> addresses;  ///< numeric IPv4 or IPv6 addresses, without brackets
  bool remove = false;                 ///< "-HOST:PORT": forget an earlier entry
};

/// One --connect-to entry: HOST1:PORT1:HOST2:PORT2; an empty HOST1 or PORT1 matches any, an
/// empty HOST2 or PORT2 keeps the URL's.
struct ConnectToEntry {
  std::string host1;  ///< lower-case, IPv6 in brackets as the URL writes it; "" = any
  int port1 = -1;     ///< -1 = any
  std::string host2;  ///< without brackets; "" = the URL's host
  int port2 = -1;     ///< -1 = the URL's port
};

/// Parses "[+]HOST:PORT:ADDR[,ADDR...]" or "-HOST:PORT". Errors: exit 49, curl's words.
Result<ResolveEntry> parse_resolve_entry(std::string_view text);
/// Parses "HOST1:PORT1:HOST2:PORT2". Errors: exit 49 for a bad port or missing parts.
Result<ConnectToEntry> parse_connect_to_entry(std::string_view text);

/// Where a connection for one URL host and port goes.
struct Destination {
  std::string host;                    ///< the name (or literal) to resolve
  uint16_t port = 0;
  std::vector<std::string> addresses;  ///< from --resolve: used instead of a lookup
  std::string unix_socket;             ///< --unix-socket / --abstract-unix-socket, "" = TCP
  bool abstract_unix = false;          ///< unix_socket names the Linux abstract namespace
  IpFamily family = IpFamily::Any;
};

/// Every flag that changes where connections go, for the whole run.
struct ConnectRules {
  std::vector<ResolveEntry> resolve;        ///< in command-line order
  std::vector<ConnectToEntry> connect_to;   ///< in command-line order; the first match wins
  std::string unix_socket;                  ///< "" = none
  bool abstract_unix = false;
  IpFamily family = IpFamily::Any;

  /// True when no flag is set: connections go to the URL's host and port.
  bool empty() const {
    return resolve.empty() && connect_to.empty() && unix_socket.empty() &&
           family == IpFamily::Any;
  }
  /// Where a request to `host` (lower-case, IPv6 without brackets) and `port` connects:
  /// --connect-to first (unless `to_proxy`: a proxy is reached as named), then --resolve
  /// for the host and port chosen, as curl does.
  Destination route(const std::string& host, bool host_is_ipv6, uint16_t port,
                    bool to_proxy = false) const;
};

/// Appends what distinguishes `destination` from a plain connection to the URL's host and
/// port ("|to=..."), for the pool key: connections to different targets are never shared.
void append_destination_key(const Destination& destination, std::string& out);

}  // namespace kurl
