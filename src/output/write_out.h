// curl's -w/--write-out: a format parsed once, expanded for every finished request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/observer.h"

namespace kurl {

/// A %{name} variable of the -w format: curl's variable of the same name in snake_case
/// (ErrorMessage is "errormsg"), plus kurl's own connection_id and reused.
enum class WriteOutVariable : uint8_t {
  ConnectionId,
  ContentType,
  ErrorMessage,
  ExitCode,
  HttpCode,
  HttpVersion,
  Json,
  LocalPort,
  Method,
  NumConnects,
  NumRedirects,
  OnError,
  RemoteIp,
  RemotePort,
  ResponseCode,
  Reused,
  Scheme,
  SizeDownload,
  SizeUpload,
  Stderr,
  Stdout,
  TimeAppconnect,
  TimeConnect,
  TimeNamelookup,
  TimeStarttransfer,
  TimeTotal,
  Url,
  UrlEffective,
};

/// A parsed -w format, reusable for every request. Follows curl 7.88's syntax: `%{name}`
/// (names case-insensitive), `%header{Name}`, `%%`, and the escapes `\n` `\r` `\t`; any other
/// `\x`, `%x`, a trailing `%` or `\`, and an unclosed `%{` or `%header{` are kept as written.
/// Values are what kurl prints safely: text values (URLs, already without credentials, header
/// values, messages) are escaped by append_printable(), %{json} by append_json_string().
class WriteOutFormat {
 public:
  /// Parses a format string ("@file" is read by the CLI, not here). Each unknown `%{name}`
  /// expands to nothing and adds "unknown --write-out variable: 'name'" to `warnings` (when
  /// given), for the caller to print with its "kurl: " prefix.
  static WriteOutFormat parse(std::string_view format,
                              std::vector<std::string>* warnings = nullptr);

  /// Appends the expansion for one finished request to `out`, ignoring %{stdout}/%{stderr}.
  void render(const TransferResult& result, std::string& out) const;
  /// Appends the expansion, sending what follows %{stderr} to `err` and what follows
  /// %{stdout} (and the start) to `out`, as curl switches streams.
  void render(const TransferResult& result, std::string& out, std::string& err) const;

  /// True when the format contains %{stderr}, so the caller must route `err` somewhere.
  bool uses_stderr() const { return uses_stderr_; }

 private:
  /// One piece: literal text or a header name (a slice of text_), or a variable.
  struct Segment {
    enum class Kind : uint8_t { Literal, Header, Variable };
    Kind kind = Kind::Literal;
    WriteOutVariable variable = WriteOutVariable::Url;
    uint32_t offset = 0;
    uint32_t length = 0;
  };

  void add_literal(std::string_view text);
  void add_header(std::string_view name);
  void add_variable(WriteOutVariable variable);
  std::string_view slice(const Segment& segment) const;
  void render_to(const TransferResult& result, std::string& out, std::string* err) const;

  std::string text_;  ///< all literal text and header names, back to back
  std::vector<Segment> segments_;
  bool uses_stderr_ = false;
};

/// The %{name} variables kurl supports, sorted, for --help and docs (%header{NAME} aside).
const std::vector<std::string_view>& write_out_variables();

}  // namespace kurl
