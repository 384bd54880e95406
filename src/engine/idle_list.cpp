#include "engine/idle_list.h"

namespace kurl {

void IdleList::push_newest(Link& link) {
  remove(link);
  link.older = newest_;
  link.newer = nullptr;
  if (newest_) {
    newest_->newer = &link;
  } else {
    oldest_ = &link;
  }
  newest_ = &link;
  link.listed = true;
  ++size_;
}

void IdleList::remove(Link& link) {
  if (!link.listed) return;
  if (link.older) {
    link.older->newer = link.newer;
  } else {
    oldest_ = link.newer;
  }
  if (link.newer) {
    link.newer->older = link.older;
  } else {
    newest_ = link.older;
  }
  link.older = link.newer = nullptr;
  link.listed = false;
  --size_;
}

}  // namespace kurl
