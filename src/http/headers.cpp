#include "http/headers.h"

#include "core/text.h"

namespace kurl {

std::optional<HeaderEdit> parse_header_edit(std::string_view text) {
  size_t sep = text.find_first_of(":;");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  HeaderEdit edit;
  edit.name = std::string(trim_ows(text.substr(0, sep)));
  if (edit.name.empty()) return std::nullopt;
  std::string_view value = trim_ows(text.substr(sep + 1));
  if (text[sep] == ';') {
    if (!value.empty()) return std::nullopt;  // "Name; x" is not curl syntax
    return edit;                              // empty header on purpose
  }
  if (value.empty()) {
    edit.remove = true;
  } else {
    edit.value = std::string(value);
  }
  return edit;
}

void apply_header_edits(std::vector<Header>& headers, const std::vector<HeaderEdit>& edits) {
  for (const HeaderEdit& edit : edits) {
    bool replaced = false;
    for (size_t i = 0; i < headers.size();) {
      if (!iequals(headers[i].name, edit.name)) {
        ++i;
        continue;
      }
      if (edit.remove || replaced) {
        headers.erase(headers.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      headers[i].name = edit.name;
      headers[i].value = edit.value;
      replaced = true;
      ++i;
    }
    if (!replaced && !edit.remove) headers.push_back({edit.name, edit.value});
  }
}

const Header* find_header(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (iequals(h.name, name)) return &h;
  }
  return nullptr;
}

void HeaderBlock::clear() {
  storage_.clear();
  fields_.clear();
  current_ = Field{};
  in_value_ = false;
  open_ = false;
}

void HeaderBlock::append_name(std::string_view part) {
  if (!open_ || in_value_) {
    if (open_) finish_header();
    current_ = Field{};
    current_.name_offset = static_cast<uint32_t>(storage_.size());
    open_ = true;
  }
  storage_.append(part);
  current_.name_length += static_cast<uint32_t>(part.size());
}

void HeaderBlock::append_value(std::string_view part) {
  if (!open_) return;
  if (!in_value_) {
    current_.value_offset = static_cast<uint32_t>(storage_.size());
    in_value_ = true;
  }
  storage_.append(part);
  current_.value_length += static_cast<uint32_t>(part.size());
}

void HeaderBlock::finish_header() {
  if (!open_) return;
  if (!in_value_) current_.value_offset = static_cast<uint32_t>(storage_.size());
  fields_.push_back(current_);
  open_ = false;
  in_value_ = false;
}

std::string_view HeaderBlock::name(size_t i) const {
  return std::string_view(storage_).substr(fields_[i].name_offset, fields_[i].name_length);
}

std::string_view HeaderBlock::value(size_t i) const {
  return trim_ows(
      std::string_view(storage_).substr(fields_[i].value_offset, fields_[i].value_length));
}

std::optional<std::string_view> HeaderBlock::find(std::string_view wanted) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (iequals(name(i), wanted)) return value(i);
  }
  return std::nullopt;
}

bool HeaderBlock::has_token(std::string_view wanted, std::string_view token) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (iequals(name(i), wanted) && header_has_token(value(i), token)) return true;
  }
  return false;
}

size_t HeaderBlock::count(std::string_view wanted) const {
  size_t n = 0;
  for (size_t i = 0; i < fields_.size(); ++i) n += iequals(name(i), wanted) ? 1 : 0;
  return n;
}

}  // namespace kurl
