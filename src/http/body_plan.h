// What a run's request body is made of, before anything is read: text held in memory, and
// files or standard input read as the body is sent (-d @file, -F name=@file, -T).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kurl {

/// One stretch of a body, sent in order.
struct BodySegment {
  enum class Kind { Text, File, Stdin };
  Kind kind = Kind::Text;
  std::string text;             ///< Text: the bytes
  std::string path;             ///< File: the file; Stdin: a pipe or device, "" = stdin
  uint64_t size = 0;            ///< bytes it yields (File: after stripping); unknown for Stdin
  bool strip_newlines = false;  ///< File (-d @file): CR and LF are dropped, as curl does
};

/// A body as a list of segments; adjacent text is merged, so a body that reads no file is
/// one text segment and goes from memory.
class BodyPlan {
 public:
  /// Adds bytes held in memory (moved in: a large -d @- body is held once).
  void add_text(std::string text);
  void add_file(std::string path, uint64_t size, bool strip_newlines);
  /// Adds a stream of unknown size read to its end: standard input ("") or a pipe or device.
  /// It must be the whole body (it cannot be read twice, and nothing follows its end).
  void add_stdin(std::string path);

  /// The body's size, known unless it reads standard input (then it goes chunked).
  std::optional<uint64_t> size() const;
  /// True when nothing is read while sending: the whole body is text().
  bool in_memory() const;
  /// The text of an in-memory body ("" for an empty one).
  std::string_view text() const;
  const std::vector<BodySegment>& segments() const { return segments_; }

 private:
  std::vector<BodySegment> segments_;
};

}  // namespace kurl
