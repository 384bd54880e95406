#include "output/output_path.h"

#include "core/text.h"

namespace kurl {

namespace {

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

std::string_view last_segment(std::string_view target) {
  std::string_view path = path_of(target);
  return path.substr(path.rfind('/') + 1);
}

// Appends text from a URL as one safe file name: separators and anything odd become '_', and
// the result is never empty, "." or "..", nor a hidden file or a path climb.
void append_safe_file_name(std::string& out, std::string_view text, std::string_view fallback) {
  if (text.empty() || text == "." || text == "..") text = fallback;
  if (text.front() == '.') out.push_back('_');
  for (char c : text) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_';
    out.push_back(safe ? c : '_');
  }
}

void append_sanitised_path(std::string& out, std::string_view target) {
  std::string_view path = path_of(target);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  append_safe_file_name(out, path, "index");
}

// The placeholders of an -o template and what each becomes.
enum class Placeholder { Index, Host, Path, Basename };
struct PlaceholderName {
  std::string_view text;
  Placeholder kind;
};
constexpr PlaceholderName kPlaceholders[] = {{"{n}", Placeholder::Index},
                                             {"{host}", Placeholder::Host},
                                             {"{path}", Placeholder::Path},
                                             {"{basename}", Placeholder::Basename}};

void append_placeholder(std::string& out, Placeholder kind, uint64_t index, std::string_view host,
                        std::string_view target) {
  switch (kind) {
    case Placeholder::Index:
      append_decimal(out, index);
      return;
    case Placeholder::Host:
      append_safe_file_name(out, host, "host");
      return;
    case Placeholder::Path:
      append_sanitised_path(out, target);
      return;
    case Placeholder::Basename: {
      std::string_view name = last_segment(target);
      out.append(name.empty() || name == "." || name == ".." ? std::string_view("index.html")
                                                             : name);
      return;
    }
  }
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

}  // namespace

bool is_output_template(std::string_view pattern) {
  for (const PlaceholderName& placeholder : kPlaceholders) {
    if (pattern.find(placeholder.text) != std::string_view::npos) return true;
  }
  return false;
}

void expand_output_template(std::string& out, std::string_view pattern, uint64_t index,
                            std::string_view host, std::string_view target) {
  out.clear();
  while (!pattern.empty()) {
    const PlaceholderName* found = nullptr;
    if (pattern.front() == '{') {
      for (const PlaceholderName& placeholder : kPlaceholders) {
        if (pattern.starts_with(placeholder.text)) found = &placeholder;
      }
    }
    if (found) {
      append_placeholder(out, found->kind, index, host, target);
      pattern.remove_prefix(found->text.size());
    } else {
      out.push_back(pattern.front());
      pattern.remove_prefix(1);
    }
  }
}

Result<std::string> remote_file_name(std::string_view target) {
  std::string_view name = last_segment(target);
  if (name.empty() || name == "." || name == "..") {
    return Error(ExitCode::WriteError, "remote file name has no length");
  }
  return std::string(name);
}

Error confine_output_path(std::string_view dir, std::string_view name, bool from_command_line,
                          std::string& out) {
  bool user_chose_freely = dir.empty() && from_command_line;
  if (!user_chose_freely &&
      ((!name.empty() && name.front() == '/') || has_parent_component(name))) {
    return Error(ExitCode::WriteError, "refusing to write outside the " +
                                           std::string(dir.empty() ? "working" : "output") +
                                           " directory: " + std::string(name));
  }
  out.assign(dir);
  if (!out.empty() && out.back() != '/') out.push_back('/');
  out.append(name);
  return Error();
}

}  // namespace kurl
