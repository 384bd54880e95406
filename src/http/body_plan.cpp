#include "http/body_plan.h"

namespace kurl {

void BodyPlan::add_text(std::string text) {
  if (text.empty()) return;
  if (!segments_.empty() && segments_.back().kind == BodySegment::Kind::Text) {
    segments_.back().text.append(text);
    segments_.back().size += text.size();
    return;
  }
  BodySegment segment;
  segment.size = text.size();
  segment.text = std::move(text);
  segments_.push_back(std::move(segment));
}

void BodyPlan::add_file(std::string path, uint64_t size, bool strip_newlines) {
  if (size == 0) return;  // nothing to read: an empty file adds no bytes
  BodySegment segment;
  segment.kind = BodySegment::Kind::File;
  segment.path = std::move(path);
  segment.size = size;
  segment.strip_newlines = strip_newlines;
  segments_.push_back(std::move(segment));
}

void BodyPlan::add_stdin(std::string path) {
  BodySegment segment;
  segment.kind = BodySegment::Kind::Stdin;
  segment.path = std::move(path);
  segments_.push_back(std::move(segment));
}

std::optional<uint64_t> BodyPlan::size() const {
  uint64_t total = 0;
  for (const BodySegment& segment : segments_) {
    if (segment.kind == BodySegment::Kind::Stdin) return std::nullopt;
    total += segment.size;
  }
  return total;
}

bool BodyPlan::in_memory() const {
  return segments_.empty() ||
         (segments_.size() == 1 && segments_.front().kind == BodySegment::Kind::Text);
}

std::string_view BodyPlan::text() const {
  return segments_.empty() ? std::string_view() : std::string_view(segments_.front().text);
}

}  // namespace kurl
