// output/json_pretty: re-indenting checked by simdjson, every token's text kept.
#include <catch2/catch.hpp>
#include <string>

#include "output/json_pretty.h"

namespace {

std::string pretty(std::string document, bool colour = false) {
  kurl::JsonPretty printer;
  std::string out = "kept|";
  if (!printer.format(document, colour, out)) return "INVALID:" + out;
  return out.substr(5);
}

}  // namespace

TEST_CASE("json pretty: objects and arrays indented by four, each token's text as sent") {
  CHECK(pretty(R"({"a":[1,2.50,-3e+2],"b":{"c":null,"d":true},"e":"x\"y\\u0041"})") ==
        "{\n"
        "    \"a\": [\n"
        "        1,\n"
        "        2.50,\n"
        "        -3e+2\n"
        "    ],\n"
        "    \"b\": {\n"
        "        \"c\": null,\n"
        "        \"d\": true\n"
        "    },\n"
        "    \"e\": \"x\\\"y\\\\u0041\"\n"
        "}\n");
}

TEST_CASE("json pretty: white space of the input goes, strings keep theirs") {
  CHECK(pretty(" [ \"a b\" ,\n\t\"{[,:]}\" ] \r\n") == "[\n    \"a b\",\n    \"{[,:]}\"\n]\n");
}

TEST_CASE("json pretty: empty containers stay on one line; a scalar is a document") {
  CHECK(pretty(R"({"a":{},"b":[ ]})") == "{\n    \"a\": {},\n    \"b\": []\n}\n");
  CHECK(pretty("[]") == "[]\n");
  CHECK(pretty("42") == "42\n");
  CHECK(pretty("\"text\"") == "\"text\"\n");
}

TEST_CASE("json pretty: anything simdjson refuses is left alone") {
  for (const char* bad : {"{", "{\"a\":}", "[1,]", "{\"a\":1}{\"b\":2}", "nul", "", "  ",
                          "{\"a\":\"\x01\"}", "[\"\xff\"]", "{'a':1}", "[1] x"}) {
    INFO(bad);
    CHECK(pretty(bad) == "INVALID:kept|");
  }
}

TEST_CASE("json pretty: keys, strings, numbers and literals each in their colour") {
  CHECK(pretty(R"({"k":["s",1,false]})", true) ==
        "{\n"
        "    \x1b[1m\x1b[34m\"k\"\x1b[0m: [\n"
        "        \x1b[32m\"s\"\x1b[0m,\n"
        "        \x1b[36m1\x1b[0m,\n"
        "        \x1b[35mfalse\x1b[0m\n"
        "    ]\n"
        "}\n");
}

TEST_CASE("json pretty: a string value that looks like a key is coloured as a value") {
  std::string out = pretty(R"({"a":"b","c":{"d":"e"}})", true);
  CHECK(out.find("\x1b[32m\"b\"") != std::string::npos);
  CHECK(out.find("\x1b[1m\x1b[34m\"c\"") != std::string::npos);
  CHECK(out.find("\x1b[1m\x1b[34m\"d\"") != std::string::npos);
  CHECK(out.find("\x1b[32m\"e\"") != std::string::npos);
}

TEST_CASE("json pretty: DEL and C1 controls a terminal could obey become \\u escapes") {
  // U+009B (CSI) and U+0085 raw in a string are valid JSON; an e-acute stays as it is.
  CHECK(pretty("[\"a\x7f\xc2\x9b\xc2\x85\xc3\xa9\"]") ==
        "[\n    \"a\\u007f\\u009b\\u0085\xc3\xa9\"\n]\n");
}

TEST_CASE("json pretty: one printer serves many documents, deep ones too") {
  kurl::JsonPretty printer;
  std::string deep(500, '[');
  deep += std::string(500, ']');
  std::string out;
  CHECK(printer.format(deep, false, out));
  CHECK(out.find(std::string(499 * kurl::kJsonIndent, ' ') + "[]") != std::string::npos);
  std::string second = "{\"x\":1}";
  out.clear();
  CHECK(printer.format(second, false, out));
  CHECK(out == "{\n    \"x\": 1\n}\n");
  CHECK(second == "{\"x\":1}");  // the document itself is untouched
}
