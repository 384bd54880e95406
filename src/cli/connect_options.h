// The options that choose where connections go (--resolve, --connect-to, --unix-socket,
// --abstract-unix-socket, -4, -6) and which part of a body comes and how fast (-r, -C,
// --limit-rate, --max-filesize). Plain data: main checks the entries and maps them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kurl {

struct ConnectOptions {
  std::vector<std::string> resolve;     ///< --resolve [+]HOST:PORT:ADDR[,ADDR...], as given
  std::vector<std::string> connect_to;  ///< --connect-to HOST1:PORT1:HOST2:PORT2, as given
  std::string unix_socket;              ///< --unix-socket or --abstract-unix-socket, "" = none
  bool abstract_unix = false;           ///< the last of the two was --abstract-unix-socket
  int ip_version = 0;                   ///< -4 / -6 (the last wins), 0 = either

  std::string range;                   ///< -r/--range as given, "" = none
  std::optional<uint64_t> continue_at;  ///< -C OFFSET; nullopt = not given
  bool continue_from_file = false;     ///< -C -: the offset is the output file's size
  uint64_t limit_rate = 0;             ///< --limit-rate bytes a second, 0 = unlimited
  uint64_t max_filesize = 0;           ///< --max-filesize bytes, 0 = no limit
};

}  // namespace kurl
