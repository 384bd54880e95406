// multipart/form-data as curl 7.88 sends it for -F and --form-string: the part heads are made
// here; the files they refer to are read only while the body is sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/body_plan.h"

namespace kurl {

/// One -F/--form-string argument, parsed; file sizes not known yet.
struct FormField {
  enum class Kind {
    Text,         ///< name=value (or any --form-string)
    File,         ///< name=@file: the file, with a filename and a Content-Type
    FileContent,  ///< name=<file: the file's bytes as the value (no filename, no type)
  };
  Kind kind = Kind::Text;
  std::string name;
  std::string value;     ///< Text: the value; File, FileContent: the path
  std::string filename;  ///< File: sent as filename= (the path's base name unless ;filename=)
  std::string type;      ///< ;type=, "" = none for text, guessed from the filename for a file
};

/// Parses `name=value`, `name=@file[;type=T][;filename=F]`, `name=<file[;type=T]`, with
/// curl's double-quoted words, or (`literal`, --form-string) `name=value` taken as it is.
/// Unknown `;key=` parts are dropped, as curl does; each adds a line to `warnings`. Returns
/// the problem on malformed input.
std::optional<FormField> parse_form_field(std::string_view argument, bool literal,
                                          std::string& problem,
                                          std::vector<std::string>& warnings);

/// The Content-Type curl guesses from a file name's extension ("" when none matches): .gif
/// .jpg .jpeg .png .svg .txt .htm .html .pdf .xml, case-insensitively.
std::string_view guess_content_type(std::string_view filename);

/// A boundary of curl 7.88's shape: 24 dashes and 16 hex digits from `random` (8 bytes).
std::string make_boundary(const unsigned char (&random)[8]);

/// A field as encoded: its file size (File, FileContent) stat'ed by the caller.
struct FormPart {
  FormField field;
  uint64_t file_size = 0;
};

/// The body of a form: each part's head, its value or file, then the closing delimiter.
BodyPlan encode_multipart(const std::vector<FormPart>& parts, std::string_view boundary);

/// The request's Content-Type for a form with this boundary.
std::string multipart_content_type(std::string_view boundary);

}  // namespace kurl
