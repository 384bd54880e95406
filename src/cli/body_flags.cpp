#include "cli/body_flags.h"

#include "cli/repeatable.h"

namespace kurl {

void add_body_flags(CLI::App& app, Options& o, BodyFlagValues& values) {
  const char* group = "Requests";
  auto data = [&](const char* names, std::vector<std::string>& into, const char* help) {
    repeatable(app.add_option(names, into, help))->group(group)->type_name("DATA");
  };
  data("-d,--data", values.ascii, "HTTP POST data; @file or @- reads it (CR and LF dropped)");
  data("--data-binary", values.binary, "HTTP POST data exactly as given; @file or @- reads it");
  data("--data-raw", values.raw, "HTTP POST data, with no @file meaning for '@'");
  data("--data-urlencode", values.urlencode,
       "HTTP POST data, URL-encoded: content, =content, name=content, @file, name@file");
  data("--json", values.json, "HTTP POST JSON, with JSON Content-Type and Accept");
  repeatable(app.add_option("-F,--form", values.form,
                            "Multipart form part: name=value, name=@file[;type=T][;filename=F], "
                            "name=<file"))
      ->group(group)
      ->type_name("NAME=CONTENT");
  repeatable(app.add_option("--form-string", values.form_string,
                            "Multipart form part name=value, with no @ or < meaning"))
      ->group(group)
      ->type_name("NAME=STRING");
  app.add_option("-T,--upload-file", o.body.upload_file,
                 "Upload FILE ('-' = stdin) with PUT; a URL ending in / gets the file name")
      ->group(group)
      ->type_name("FILE");
  app.add_flag("-G,--get", o.body.get, "Put the -d and --data-urlencode data in the URL, with GET")
      ->group(group);
}

// CLI11 fills each option's values in order; parse_order() says how they interleaved.
void collect_body_arguments(const CLI::App& app, const BodyFlagValues& values, Options& o) {
  struct Source {
    const char* name;
    const std::vector<std::string>& values;
    DataArgument::Kind kind;
    size_t next = 0;
  };
  Source data[] = {{"data", values.ascii, DataArgument::Kind::Ascii},
                   {"data-binary", values.binary, DataArgument::Kind::Binary},
                   {"data-raw", values.raw, DataArgument::Kind::Raw},
                   {"data-urlencode", values.urlencode, DataArgument::Kind::UrlEncode},
                   {"json", values.json, DataArgument::Kind::Json}};
  size_t next_form = 0, next_form_string = 0;
  for (const CLI::Option* option : app.parse_order()) {
    for (Source& source : data) {
      if (option->check_lname(source.name) && source.next < source.values.size())
        o.data.push_back({source.kind, source.values[source.next++]});
    }
    if (option->check_lname("form") && next_form < values.form.size()) {
      o.body.forms.push_back({false, values.form[next_form++]});
    } else if (option->check_lname("form-string") && next_form_string < values.form_string.size()) {
      o.body.forms.push_back({true, values.form_string[next_form_string++]});
    }
  }
}

std::string body_stdin_reader(const Options& o) {
  for (const DataArgument& arg : o.data) {
    switch (arg.kind) {
      case DataArgument::Kind::Ascii:
        if (arg.value == "@-") return "-d @-";
        break;
      case DataArgument::Kind::Binary:
        if (arg.value == "@-") return "--data-binary @-";
        break;
      case DataArgument::Kind::Json:
        if (arg.value == "@-") return "--json @-";
        break;
      case DataArgument::Kind::UrlEncode:
        if (arg.value == "@-" || arg.value.ends_with("@-")) return "--data-urlencode " + arg.value;
        break;
      case DataArgument::Kind::Raw:
        break;
    }
  }
  return o.body.upload_file == "-" ? "-T -" : "";
}

std::string body_flag_conflict(const Options& o) {
  bool data = !o.data.empty();
  bool form = !o.body.forms.empty();
  bool upload = !o.body.upload_file.empty();
  auto both = [](const char* first, const char* second) {
    return std::string("you can only select one HTTP request method: you asked for both ") +
           first + " and " + second;
  };
  if (data && form) return both("POST (-d, --data)", "multipart formpost (-F, --form)");
  if (upload && data) return both("PUT (-T, --upload-file)", "POST (-d, --data)");
  if (upload && form) return both("PUT (-T, --upload-file)", "multipart formpost (-F, --form)");
  if (o.body.get && (form || upload)) return "-G puts -d data in the URL: it cannot go with -F or -T";
  return "";
}

}  // namespace kurl
