#include "output/output_path.h"

namespace kurl {

namespace {

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::string last_segment(std::string_view target) {
  std::string_view path = path_of(target);
  return std::string(path.substr(path.rfind('/') + 1));
}

// Text from a URL as one safe file name: separators and anything odd become '_', and the
// result is never empty, "." or "..", nor a hidden file or a path climb.
std::string safe_file_name(std::string_view text, std::string_view fallback) {
  std::string out;
  for (char c : text) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_';
    out.push_back(safe ? c : '_');
  }
  if (out.empty() || out == "." || out == "..") out = fallback;
  if (out.front() == '.') out.insert(0, "_");
  return out;
}

std::string sanitise_path(std::string_view target) {
  std::string_view path = path_of(target);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return safe_file_name(path, "index");
}

bool has_parent_component(std::string_view path) {
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

}  // namespace

bool is_output_template(std::string_view pattern) {
  return pattern.find("{n}") != std::string_view::npos ||
         pattern.find("{host}") != std::string_view::npos ||
         pattern.find("{path}") != std::string_view::npos ||
         pattern.find("{basename}") != std::string_view::npos;
}

std::string expand_output_template(std::string_view pattern, uint64_t index, std::string_view host,
                                   std::string_view target) {
  std::string out(pattern);
  std::string basename = last_segment(target);
  if (basename.empty() || basename == "." || basename == "..") basename = "index.html";
  std::string safe_host = safe_file_name(host, "host");
  replace_all(out, "{n}", std::to_string(index));
  replace_all(out, "{host}", safe_host);
  replace_all(out, "{path}", sanitise_path(target));
  replace_all(out, "{basename}", basename);
  return out;
}

Result<std::string> remote_file_name(std::string_view target) {
  std::string name = last_segment(target);
  if (name.empty() || name == "." || name == "..") {
    return Error(ExitCode::WriteError, "remote file name has no length");
  }
  return name;
}

Result<std::string> confined_output_path(std::string_view dir, std::string_view name,
                                         bool from_command_line) {
  bool user_chose_freely = dir.empty() && from_command_line;
  if (!user_chose_freely &&
      ((!name.empty() && name.front() == '/') || has_parent_component(name))) {
    return Error(ExitCode::WriteError, "refusing to write outside the " +
                                           std::string(dir.empty() ? "working" : "output") +
                                           " directory: " + std::string(name));
  }
  if (dir.empty()) return std::string(name);
  std::string out(dir);
  if (out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

}  // namespace kurl
