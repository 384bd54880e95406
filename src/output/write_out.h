// curl's -w/--write-out: a format parsed once, expanded for every finished request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/observer.h"
#include "output/write_out_variables.h"

namespace kurl {

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

  /// Appends the expansion for one finished request: what follows %{stderr} goes to `err`,
  /// the start and what follows %{stdout} to `out`, as curl switches streams.
  void render(const TransferResult& result, std::string& out, std::string& err) const;

  /// True when the format prints what only a TLS handshake that describes the server's
  /// certificates knows (%{certs}, %{num_certs}, %{ssl_verify_result}, %{json}).
  bool needs_peer_certificates() const;

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

  std::string text_;  ///< all literal text and header names, back to back
  std::vector<Segment> segments_;
};

/// The format text of `-w @file` from the file's bytes, as curl 7.88 reads it: line by
/// line (fgets into 256 bytes), each piece cut at its first CR, LF or NUL, so the file's line
/// breaks are never printed (only \n escapes are).
std::string write_out_from_file(std::string_view content);

}  // namespace kurl
