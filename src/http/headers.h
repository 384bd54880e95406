// Header storage: a request's header list and a response's flat, reusable header block.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kurl {

/// One request header as it will be sent.
struct Header {
  std::string name;
  std::string value;
};

/// A user header edit in curl's -H syntax: "Name: value" sets, "Name:" removes a default,
/// "Name;" sends the header with an empty value.
struct HeaderEdit {
  std::string name;
  std::string value;
  bool remove = false;
};

/// Parses one -H argument; nullopt when it has no ':' or ';' after a non-empty name.
std::optional<HeaderEdit> parse_header_edit(std::string_view text);

/// Applies `edits` to `headers` the way curl does: an edit replaces every header of that
/// name (case-insensitive) in place, removes it, or is appended when it is new.
void apply_header_edits(std::vector<Header>& headers, const std::vector<HeaderEdit>& edits);

/// Finds the value of the first header called `name` (case-insensitive).
const Header* find_header(const std::vector<Header>& headers, std::string_view name);

/// A response's header lines stored in one buffer, so a warm connection reuses the memory.
class HeaderBlock {
 public:
  /// Forgets all headers but keeps the capacity.
  void clear();
  /// Appends bytes to the name of the header being read (llhttp may split it).
  void append_name(std::string_view part);
  /// Appends bytes to the value of the header being read.
  void append_value(std::string_view part);
  /// Ends the current header line.
  void finish_header();
  size_t size() const { return fields_.size(); }
  std::string_view name(size_t i) const;
  std::string_view value(size_t i) const;
  /// The first value of `name` (case-insensitive), nullopt when absent.
  std::optional<std::string_view> find(std::string_view name) const;
  /// True when any `name` line lists `token` (repeated lines form one list, RFC 9110 5.3).
  bool has_token(std::string_view name, std::string_view token) const;
  /// How many header lines carry `name`.
  size_t count(std::string_view name) const;
  /// Total bytes of names and values, for the head-size limit.
  size_t bytes() const { return storage_.size(); }

 private:
  struct Field {
    uint32_t name_offset = 0, name_length = 0, value_offset = 0, value_length = 0;
  };
  std::string storage_;
  std::vector<Field> fields_;
  Field current_;
  bool in_value_ = false;
  bool open_ = false;
};

}  // namespace kurl
