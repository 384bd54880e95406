// The pool's idle list: the order the global idle cap closes connections in.
#include <catch2/catch.hpp>

#include "engine/idle_list.h"

namespace {

// Links stand for connections; the list only stores and returns the pointers.
kurl::Connection* connection(int n) {
  return reinterpret_cast<kurl::Connection*>(static_cast<uintptr_t>(0x1000 + n));
}

struct Links {
  kurl::IdleList::Link a, b, c;
  Links() {
    a.connection = connection(1);
    b.connection = connection(2);
    c.connection = connection(3);
  }
};

}  // namespace

TEST_CASE("idle list: the oldest is the one idle the longest") {
  kurl::IdleList list;
  Links links;
  CHECK(list.oldest() == nullptr);
  list.push_newest(links.a);
  list.push_newest(links.b);
  list.push_newest(links.c);
  CHECK(list.size() == 3);
  CHECK(list.oldest() == connection(1));
  list.remove(links.a);
  CHECK(list.oldest() == connection(2));
  list.remove(links.b);
  list.remove(links.c);
  CHECK(list.size() == 0);
  CHECK(list.oldest() == nullptr);
}

TEST_CASE("idle list: a connection used again goes to the newest end") {
  kurl::IdleList list;
  Links links;
  list.push_newest(links.a);
  list.push_newest(links.b);
  list.push_newest(links.a);  // idle again after another request
  CHECK(list.size() == 2);
  CHECK(list.oldest() == connection(2));
  list.remove(links.b);
  CHECK(list.oldest() == connection(1));
}

TEST_CASE("idle list: removing from the middle keeps the order, twice is harmless") {
  kurl::IdleList list;
  Links links;
  list.push_newest(links.a);
  list.push_newest(links.b);
  list.push_newest(links.c);
  list.remove(links.b);
  list.remove(links.b);
  CHECK(list.size() == 2);
  CHECK_FALSE(links.b.listed);
  CHECK(list.oldest() == connection(1));
  list.remove(links.a);
  CHECK(list.oldest() == connection(3));
  list.push_newest(links.b);
  list.remove(links.c);
  CHECK(list.oldest() == connection(2));
  CHECK(list.size() == 1);
}
