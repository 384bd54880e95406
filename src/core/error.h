// Errors as values: every failure carries a curl-compatible exit code and a message.
#pragma once

#include <string>
#include <utility>

namespace kurl {

/// curl-compatible exit codes (see CLI.md "Exit codes").
enum class ExitCode : int {
  Ok = 0,
  UnsupportedProtocol = 1,
  Usage = 2,
  MalformedUrl = 3,
  ProxyNotResolved = 5,
  HostNotResolved = 6,
  ConnectFailed = 7,
  BadServerReply = 8,
  PartialBody = 18,
  HttpError = 22,
  WriteError = 23,
  ReadError = 26,
  Timeout = 28,
  TlsHandshake = 35,
  RangeError = 33,  ///< the server ignored the range a resume asked for (-C)
  TooManyRedirects = 47,
  OptionSyntax = 49,  ///< a malformed --resolve or --connect-to entry
  EmptyReply = 52,
  LocalCertProblem = 58,
  BadContentEncoding = 61,  ///< --compressed: an unknown coding, a corrupt stream or a bomb
  SendFailed = 55,
  RecvFailed = 56,
  CertUntrusted = 60,
  FileTooLarge = 63,  ///< --max-filesize exceeded
  SendFailRewind = 65,  ///< a body had to be sent again and could not be (standard input)
  CaFileUnusable = 77,
  Hangup = 129,  ///< SIGHUP: the terminal closed (128 + 1, as a shell reports it)
  Interrupted = 130,
  Terminated = 143,
};

/// A failure: the exit code it maps to and a short lower-case message naming what failed.
struct Error {
  ExitCode code = ExitCode::Ok;
  std::string message;
  int os_error = 0;  ///< the system error behind it (a libuv code), 0 if none

  Error() = default;
  Error(ExitCode c, std::string m) : code(c), message(std::move(m)) {}
  bool ok() const { return code == ExitCode::Ok; }
  int exit_code() const { return static_cast<int>(code); }
};

}  // namespace kurl
