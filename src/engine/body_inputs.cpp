#include "engine/body_inputs.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "core/file_io.h"
#include "http/multipart.h"

namespace kurl {

namespace {

Error cannot_open(const std::string& path, int error) {
  return Error(ExitCode::ReadError, "can't open '" + path + "': " + std::strerror(error));
}

// A regular file's size, or nullopt for a pipe, a device or standard input (read whole or
// streamed to its end instead). Errors: 26 naming the file.
Result<std::optional<uint64_t>> regular_file_size(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return cannot_open(path, errno);
  if (S_ISDIR(info.st_mode)) return cannot_open(path, EISDIR);
  if (!S_ISREG(info.st_mode)) return std::optional<uint64_t>();
  return std::optional<uint64_t>(static_cast<uint64_t>(info.st_size));
}

// -d @file sends the file without CR and LF: its size on the wire is counted here, in one
// pass with a small buffer, so the body keeps its Content-Length and is streamed later.
Result<uint64_t> size_without_newlines(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return cannot_open(path, errno);
  char buffer[64 * 1024];
  uint64_t kept = 0;
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    for (size_t i = 0; i < n; ++i) kept += buffer[i] != '\r' && buffer[i] != '\n';
  }
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return Error(ExitCode::ReadError, "can't read data from file \"" + path + "\"");
  return kept;
}

// One -d, --data-binary or --json @file: streamed from disk when it is a regular file (and
// `in_memory` is false), else read whole as curl reads it.
Error add_data_file(const DataArgument& arg, bool in_memory, BodyPlan& plan) {
  std::string path = arg.value.substr(1);
  bool strip = arg.kind == DataArgument::Kind::Ascii;
  if (path != "-" && !in_memory) {
    Result<std::optional<uint64_t>> size = regular_file_size(path);
    if (!size) return size.error();
    if (*size) {
      uint64_t sent = **size;
      if (strip) {
        Result<uint64_t> kept = size_without_newlines(path);
        if (!kept) return kept.error();
        sent = *kept;
      }
      plan.add_file(path, sent, strip);
      return Error();
    }
  }
  Result<std::string> content = read_whole_file(path);
  if (!content) return content.error();
  if (strip) std::erase_if(*content, [](char c) { return c == '\r' || c == '\n'; });
  plan.add_text(std::move(*content));
  return Error();
}

// --data-urlencode's five forms, read as curl does: a '=' names the part (or, first, sends
// the rest encoded alone); else a '@' reads a file; else the whole is encoded.
Result<std::string> url_encoded_part(const std::string& value) {
  size_t separator = value.find('=');
  if (separator == std::string::npos) separator = value.find('@');
  if (separator == std::string::npos) return url_encode(value);
  std::string name = value.substr(0, separator);
  std::string content = value.substr(separator + 1);
  if (value[separator] == '@') {
    Result<std::string> read = read_whole_file(content);
    if (!read) return read.error();
    content = std::move(*read);
  }
  std::string encoded = url_encode(content);
  return name.empty() ? encoded : name + "=" + encoded;
}

Error add_data(const Options& options, bool in_memory, EngineConfig& config) {
  bool any_json = false;
  bool first = true;
  BodyPlan& plan = config.body;
  for (const DataArgument& arg : options.data) {
    // curl joins -d pieces with '&'; --json pieces are concatenated.
    if (!first && arg.kind != DataArgument::Kind::Json) plan.add_text("&");
    first = false;
    any_json = any_json || arg.kind == DataArgument::Kind::Json;
    if (arg.kind == DataArgument::Kind::UrlEncode) {
      Result<std::string> part = url_encoded_part(arg.value);
      if (!part) return part.error();
      plan.add_text(std::move(*part));
    } else if (arg.kind != DataArgument::Kind::Raw && arg.value.starts_with('@')) {
      if (Error error = add_data_file(arg, in_memory, plan); !error.ok()) return error;
    } else {
      plan.add_text(arg.value);
    }
  }
  config.header_defaults.content_type =
      any_json ? "application/json" : "application/x-www-form-urlencoded";
  if (any_json) config.header_defaults.accept = "application/json";
  return Error();
}

Error add_form(const Options& options, EngineConfig& config, std::vector<std::string>& warnings) {
  std::vector<FormPart> parts;
  for (const FormArgument& argument : options.body.forms) {
    std::string problem;
    std::optional<FormField> field =
        parse_form_field(argument.value, argument.literal, problem, warnings);
    if (!field) return Error(ExitCode::Usage, problem);
    FormPart part{std::move(*field), 0};
    if (part.field.kind != FormField::Kind::Text) {
      Result<std::optional<uint64_t>> size = regular_file_size(part.field.value);
      if (!size) return size.error();
      if (!*size) {
        return Error(ExitCode::ReadError,
                     "-F " + part.field.name + ": '" + part.field.value +
                         "' is not a regular file (pipes and devices are not supported)");
      }
      part.file_size = **size;
    }
    parts.push_back(std::move(part));
  }
  std::random_device random;
  unsigned char bytes[8];
  for (unsigned char& byte : bytes) byte = static_cast<unsigned char>(random() & 0xff);
  std::string boundary = make_boundary(bytes);
  config.body = encode_multipart(parts, boundary);
  config.header_defaults.content_type = multipart_content_type(boundary);
  return Error();
}

Error add_upload(const std::string& file, EngineConfig& config) {
  config.upload = true;
  if (file == "-") {
    config.body.add_stdin("");
    return Error();
  }
  Result<std::optional<uint64_t>> size = regular_file_size(file);
  if (!size) return size.error();
  if (*size) {
    config.body.add_file(file, **size, false);
  } else {
    config.body.add_stdin(file);  // a pipe or device: read to its end, chunked
  }
  size_t slash = file.rfind('/');
  config.upload_name = slash == std::string::npos ? file : file.substr(slash + 1);
  return Error();
}

}  // namespace

Error make_run_body(const Options& options, EngineConfig& config,
                    std::vector<std::string>& warnings) {
  const BodyOptions& body = options.body;
  if (!body.upload_file.empty()) {
    config.has_body = true;
    return add_upload(body.upload_file, config);
  }
  if (!body.forms.empty()) {
    config.has_body = true;
    return add_form(options, config, warnings);
  }
  if (options.data.empty()) return Error();
  if (body.get) {
    EngineConfig text;
    if (Error error = add_data(options, true, text); !error.ok()) return error;
    config.get_query.assign(text.body.text());
    return Error();
  }
  config.has_body = true;
  return add_data(options, false, config);
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else if (c == ' ') {
      out.push_back('+');  // curl 7.86 and later send a space as '+', as HTML forms do
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

}  // namespace kurl
