// output/terminal_body: which bodies are held for --pretty, refused as binary, or passed.
#include <catch2/catch.hpp>
#include <string>

#include "output/json_pretty.h"
#include "output/terminal_body.h"

using kurl::TerminalBody;
using Step = kurl::TerminalBody::Step;

namespace {

kurl::TerminalSettings settings(bool pretty, bool refuse) {
  kurl::TerminalSettings s;
  s.pretty = pretty;
  s.refuse_binary = refuse;
  return s;
}

}  // namespace

TEST_CASE("terminal body: JSON media types") {
  CHECK(kurl::is_json_media_type("application/json"));
  CHECK(kurl::is_json_media_type("Application/JSON; charset=utf-8"));
  CHECK(kurl::is_json_media_type("application/problem+json"));
  CHECK(kurl::is_json_media_type(" text/json "));
  CHECK_FALSE(kurl::is_json_media_type("text/plain"));
  CHECK_FALSE(kurl::is_json_media_type("application/jsonl"));
  CHECK_FALSE(kurl::is_json_media_type("application/x-ndjson"));
}

TEST_CASE("terminal body: a JSON body is held, then re-indented at the end") {
  kurl::HeldMemoryBudget budget{kurl::kPrettyBodyLimit};
  kurl::JsonPretty printer;
  TerminalBody body;
  body.start(settings(true, true), std::string_view("application/json"));
  CHECK(body.feed("{\"a\":", budget) == Step::Held);
  CHECK(body.feed("1}", budget) == Step::Held);
  CHECK(budget.used == 7);
  CHECK(body.finish(&printer, true, budget) == "{\n    \"a\": 1\n}\n");
  CHECK(budget.used == 0);
  CHECK_FALSE(body.engaged());
}

TEST_CASE("terminal body: invalid JSON, or a cut-short body, comes out as received") {
  kurl::HeldMemoryBudget budget{kurl::kPrettyBodyLimit};
  kurl::JsonPretty printer;
  TerminalBody body;
  body.start(settings(true, false), std::string_view("application/json"));
  CHECK(body.feed("{\"a\":1,}", budget) == Step::Held);
  CHECK(body.finish(&printer, true, budget) == "{\"a\":1,}");
  body.start(settings(true, false), std::string_view("application/json"));
  CHECK(body.feed("{\"a\":1}", budget) == Step::Held);
  CHECK(body.finish(&printer, false, budget) == "{\"a\":1}");  // the request failed
}

TEST_CASE("terminal body: without a JSON type the first byte decides") {
  kurl::HeldMemoryBudget budget{kurl::kPrettyBodyLimit};
  TerminalBody body;
  body.start(settings(true, false), std::string_view("text/plain"));
  CHECK(body.feed("  \n", budget) == Step::Held);  // only white space so far
  CHECK(body.feed("hello", budget) == Step::Release);
  CHECK(body.held() == "  \n");
  body.forget_held(budget);
  CHECK(body.feed(" more", budget) == Step::Pass);
  body.reset(budget);
  body.start(settings(true, false), std::nullopt);
  CHECK(body.feed("[1]", budget) == Step::Held);
  body.reset(budget);
  CHECK(budget.used == 0);
}

TEST_CASE("terminal body: past the cap the body goes raw, what was held first") {
  kurl::HeldMemoryBudget budget{10};
  TerminalBody body;
  body.start(settings(true, false), std::string_view("application/json"));
  CHECK(body.feed("[1,2,3,", budget) == Step::Held);
  CHECK(body.feed("4,5,6]", budget) == Step::Release);
  CHECK(body.held() == "[1,2,3,");
  body.forget_held(budget);
  CHECK(budget.used == 0);
  CHECK(body.feed("more", budget) == Step::Pass);
}

TEST_CASE("terminal body: binary is refused once, then dropped; without refusal passed") {
  kurl::HeldMemoryBudget budget{kurl::kPrettyBodyLimit};
  TerminalBody body;
  body.start(settings(true, true), std::string_view("application/json"));
  CHECK(body.feed("[1,", budget) == Step::Held);
  CHECK(body.feed(std::string("\0", 1), budget) == Step::Refused);
  CHECK(budget.used == 0);
  CHECK(body.feed("2]", budget) == Step::Dropped);
  body.start(settings(false, false), std::nullopt);
  CHECK(body.feed(std::string("\0\xff", 2), budget) == Step::Pass);
}
