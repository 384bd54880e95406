#include "output/terminal_body.h"

#include "core/text.h"
#include "output/json_pretty.h"

namespace kurl {

namespace {

/// Memory a finished body keeps for the next one; more is given back.
constexpr size_t kKeptCapacity = 64 * 1024;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void give_back(std::string& buffer) {
  if (buffer.capacity() > kKeptCapacity) {
    std::string().swap(buffer);
  } else {
    buffer.clear();
  }
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && is_space(type.back())) type.remove_suffix(1);
  while (!type.empty() && is_space(type.front())) type.remove_prefix(1);
  auto ends_with = [&type](std::string_view suffix) {
    return type.size() >= suffix.size() &&
           iequals(type.substr(type.size() - suffix.size()), suffix);
  };
  return iequals(type, "application/json") || iequals(type, "text/json") || ends_with("+json");
}

void TerminalBody::start(const TerminalSettings& settings,
                         std::optional<std::string_view> content_type) {
  binary_.reset();
  check_binary_ = settings.refuse_binary;
  colour_ = settings.colour_stdout;
  if (!settings.pretty) {
    mode_ = Mode::Raw;
  } else {
    mode_ = content_type && is_json_media_type(*content_type) ? Mode::Json : Mode::Sniff;
  }
}

TerminalBody::Step TerminalBody::feed(std::string_view bytes, HeldMemoryBudget& budget) {
  if (mode_ == Mode::Refused) return Step::Dropped;
  if (check_binary_ && binary_.feed(bytes)) {
    forget_held(budget);
    mode_ = Mode::Refused;
    return Step::Refused;
  }
  switch (mode_) {
    case Mode::Sniff:
      return sniff(bytes, budget);
    case Mode::Json:
      return hold(bytes, budget);
    case Mode::Off:
    case Mode::Raw:
    case Mode::Refused:
      break;
  }
  return Step::Pass;
}

TerminalBody::Step TerminalBody::sniff(std::string_view bytes, HeldMemoryBudget& budget) {
  size_t first = 0;
  while (first < bytes.size() && is_space(bytes[first])) ++first;
  if (first == bytes.size()) return hold(bytes, budget);
  // A document that is an object or an array; a bare number or string in a text body is
  // far more likely prose than JSON.
  if (bytes[first] == '{' || bytes[first] == '[') {
    mode_ = Mode::Json;
    return hold(bytes, budget);
  }
  mode_ = Mode::Raw;
  return held_.empty() ? Step::Pass : Step::Release;
}

TerminalBody::Step TerminalBody::hold(std::string_view bytes, HeldMemoryBudget& budget) {
  if (budget.used + bytes.size() > budget.limit) {
    mode_ = Mode::Raw;  // too big to re-indent: what came so far, then the rest, as received
    return held_.empty() ? Step::Pass : Step::Release;
  }
  held_.append(bytes);
  budget.used += bytes.size();
  return Step::Held;
}

std::string_view TerminalBody::finish(JsonPretty* printer, bool reindent,
                                      HeldMemoryBudget& budget) {
  Mode mode = mode_;
  mode_ = Mode::Off;
  pretty_.clear();
  if (mode == Mode::Json && reindent && printer != nullptr &&
      printer->format(held_, colour_, pretty_)) {
    forget_held(budget);
    return pretty_;
  }
  // Not JSON after all (or cut short): the bytes as received, in the buffer the view shows.
  budget.used -= held_.size();
  pretty_.swap(held_);
  give_back(held_);
  return pretty_;
}

void TerminalBody::forget_held(HeldMemoryBudget& budget) {
  budget.used -= held_.size();
  give_back(held_);
}

void TerminalBody::reset(HeldMemoryBudget& budget) {
  forget_held(budget);
  give_back(pretty_);
  mode_ = Mode::Off;
}

}  // namespace kurl
