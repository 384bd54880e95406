#include "core/connect_rules.h"

#include <arpa/inet.h>

#include "core/text.h"

namespace kurl {

namespace {

// A port as curl reads one in these entries: decimal digits, at most 65535.
std::optional<uint16_t> parse_port(std::string_view text) {
  std::optional<uint64_t> n = parse_uint(text);
  if (!n || *n > 65535) return std::nullopt;
  return static_cast<uint16_t>(*n);
}

bool is_numeric_address(const std::string& text) {
  unsigned char scratch[sizeof(in6_addr)];
  return inet_pton(AF_INET, text.c_str(), scratch) == 1 ||
         inet_pton(AF_INET6, text.c_str(), scratch) == 1;
}

Error resolve_syntax(std::string_view text) {
  return Error(ExitCode::OptionSyntax,
               "Couldn't parse CURLOPT_RESOLVE entry '" + std::string(text) + "'");
}

Error connect_to_syntax(std::string_view text, std::string_view why) {
  return Error(ExitCode::OptionSyntax,
               "bad --connect-to entry '" + std::string(text) + "': " + std::string(why));
}

// HOST of HOST:REST, IPv6 in brackets kept as written; nullopt without the ':' after it.
std::optional<std::string_view> take_host(std::string_view& rest) {
  size_t end = 0;
  if (!rest.empty() && rest.front() == '[') {
    end = rest.find(']');
    if (end == std::string_view::npos) return std::nullopt;
    ++end;
  } else {
    end = rest.find(':');
    if (end == std::string_view::npos) return std::nullopt;
  }
  if (end >= rest.size() || rest[end] != ':') return std::nullopt;
  std::string_view host = rest.substr(0, end);
  rest.remove_prefix(end + 1);
  return host;
}

}  // namespace

Result<ResolveEntry> parse_resolve_entry(std::string_view text) {
  ResolveEntry entry;
  std::string_view rest = text;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    entry.remove = rest.front() == '-';
    rest.remove_prefix(1);
  }
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return resolve_syntax(text);
  entry.host = to_lower(rest.substr(0, colon));
  rest.remove_prefix(colon + 1);
  colon = rest.find(':');
  std::optional<uint16_t> port = parse_port(rest.substr(0, colon));
  if (!port) return resolve_syntax(text);
  entry.port = *port;
  if (entry.remove) {
    return colon == std::string_view::npos ? Result<ResolveEntry>(std::move(entry))
                                           : resolve_syntax(text);
  }
  if (colon == std::string_view::npos) return resolve_syntax(text);
  rest.remove_prefix(colon + 1);
  // Addresses separated by commas; empty ones are skipped and IPv6 may stand in brackets,
  // as curl reads them.
  while (!rest.empty() || entry.addresses.empty()) {
    size_t comma = rest.find(',');
    std::string_view address = rest.substr(0, comma);
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
    if (!address.empty() && address.front() == '[') {
      if (address.size() < 2 || address.back() != ']') return resolve_syntax(text);
      address = address.substr(1, address.size() - 2);
    }
    if (address.empty()) {
      if (rest.empty() && entry.addresses.empty()) return resolve_syntax(text);
      continue;
    }
    std::string literal(address);
    if (!is_numeric_address(literal)) return resolve_syntax(text);
    entry.addresses.push_back(std::move(literal));
  }
  return entry;
}

Result<ConnectToEntry> parse_connect_to_entry(std::string_view text) {
  ConnectToEntry entry;
  std::string_view rest = text;
  std::optional<std::string_view> host1 = take_host(rest);
  if (!host1) return connect_to_syntax(text, "expected HOST1:PORT1:HOST2:PORT2");
  entry.host1 = to_lower(*host1);
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos)
    return connect_to_syntax(text, "expected HOST1:PORT1:HOST2:PORT2");
  if (colon > 0) {
    std::optional<uint16_t> port1 = parse_port(rest.substr(0, colon));
    if (!port1) return connect_to_syntax(text, "no valid port number before the second host");
    entry.port1 = *port1;
  }
  rest.remove_prefix(colon + 1);
  // HOST2[:PORT2]; a bracketed IPv6 address loses its brackets (it is resolved, not matched).
  std::string_view host2 = rest;
  std::string_view port2;
  size_t end = 0;
  if (!rest.empty() && rest.front() == '[') {
    end = rest.find(']');
    if (end == std::string_view::npos) return connect_to_syntax(text, "unclosed '['");
    host2 = rest.substr(1, end - 1);
    rest.remove_prefix(end + 1);
    if (!rest.empty() && rest.front() != ':') return connect_to_syntax(text, "junk after ']'");
    port2 = rest.empty() ? rest : rest.substr(1);
  } else if (size_t c = rest.find(':'); c != std::string_view::npos) {
    host2 = rest.substr(0, c);
    port2 = rest.substr(c + 1);
  }
  if (!port2.empty()) {
    std::optional<uint16_t> port = parse_port(port2);
    if (!port) {
      return Error(ExitCode::OptionSyntax, "No valid port number in connect to host string (" +
                                               std::string(port2) + ")");
    }
    entry.port2 = *port;
  }
  entry.host2 = std::string(host2);
  return entry;
}

Destination ConnectRules::route(const std::string& host, bool host_is_ipv6, uint16_t port,
                               bool to_proxy) const {
  Destination out;
  out.host = host;
  out.port = port;
  out.unix_socket = unix_socket;
  out.abstract_unix = abstract_unix;
  out.family = family;
  for (const ConnectToEntry& entry : to_proxy ? std::vector<ConnectToEntry>() : connect_to) {
    bool host_match = entry.host1.empty() ||
                      (host_is_ipv6 ? entry.host1 == "[" + host + "]" : entry.host1 == host);
    if (!host_match || (entry.port1 >= 0 && entry.port1 != port)) continue;
    if (entry.host2.empty() && entry.port2 < 0) continue;  // changes nothing: look further
    if (!entry.host2.empty()) out.host = to_lower(entry.host2);
    if (entry.port2 >= 0) out.port = static_cast<uint16_t>(entry.port2);
    break;
  }
  // The last entry for a host and port wins; an exact host before the "*" wildcard.
  const ResolveEntry* exact = nullptr;
  const ResolveEntry* wildcard = nullptr;
  for (const ResolveEntry& entry : resolve) {
    if (entry.port != out.port) continue;
    const ResolveEntry** slot =
        entry.host == out.host ? &exact : entry.host == "*" ? &wildcard : nullptr;
    if (slot) *slot = entry.remove ? nullptr : &entry;
  }
  if (const ResolveEntry* chosen = exact ? exact : wildcard) out.addresses = chosen->addresses;
  return out;
}

void append_destination_key(const Destination& destination, std::string& out) {
  if (!destination.unix_socket.empty()) {
    out += destination.abstract_unix ? "|abstract-unix=" : "|unix=";
    out += destination.unix_socket;
    return;  // nothing else decides where a unix socket connection goes
  }
  out += "|to=";
  out += destination.host;
  out += ':';
  out += std::to_string(destination.port);
  for (const std::string& address : destination.addresses) {
    out += ',';
    out += address;
  }
  if (destination.family != IpFamily::Any)
    out += destination.family == IpFamily::V4 ? "|ipv4" : "|ipv6";
}

}  // namespace kurl
