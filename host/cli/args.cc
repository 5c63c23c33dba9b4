// Parsing a command line against its declaration, and the usage text made from it.
#include "cli/args.h"

#include <algorithm>
#include <iostream>

namespace oversight {

namespace {

const OptionSpec* Find(const CommandSpec& spec, const std::string& name) {
  for (const OptionSpec& o : spec.options) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

std::string ValueText(const OptionSpec& o) {
  if (o.choices.empty()) return o.value;
  std::string s;
  for (const auto& c : o.choices) s += (s.empty() ? "" : "|") + c;
  return s;
}

std::string OptionText(const OptionSpec& o) {
  const std::string value = ValueText(o);
  return "--" + o.name + (value.empty() ? "" : " " + value);
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

Status UnknownOption(const CommandSpec& spec, const std::string& word) {
  std::string message = "unknown option " + word;
  std::string name = word.substr(word.find_first_not_of('-'));
  name = name.substr(0, name.find('='));
  if (auto near = NearestOption(spec, name)) message += "; did you mean --" + *near + "?";
  return Status::Error(message);
}

bool IsHelp(const std::string& word) { return word == "--help" || word == "-h"; }

}  // namespace

std::optional<std::string> NearestOption(const CommandSpec& spec, const std::string& name) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;  // nearer than this, or nothing
  for (const OptionSpec& o : spec.options) {
    const size_t d = EditDistance(name, o.name);
    if (d < best_distance) {
      best_distance = d;
      best = o.name;
    }
  }
  return best;
}

std::string Synopsis(const CommandSpec& spec) {
  std::string s = "oversight " + spec.name;
  for (const OptionSpec& o : spec.options) s += " " + (o.required ? OptionText(o) : "[" + OptionText(o) + "]");
  if (spec.overrides) s += " [-D key=value]";
  if (!spec.positional.empty()) s += " " + spec.positional;
  return s;
}

std::string Usage(const CommandSpec& spec) {
  // The synopsis, wrapped at 80 columns under its own first option.
  const std::string head = "usage: oversight " + spec.name + " ";
  std::vector<std::string> words;
  for (const OptionSpec& o : spec.options) words.push_back(o.required ? OptionText(o) : "[" + OptionText(o) + "]");
  if (spec.overrides) words.push_back("[-D key=value]");
  if (!spec.positional.empty()) words.push_back(spec.positional);
  std::string out = head, line = head;
  for (size_t i = 0; i < words.size(); ++i) {
    const bool first = line.size() == head.size();
    if (!first && line.size() + 1 + words[i].size() > 80) {
      out += "\n" + std::string(head.size(), ' ');
      line = std::string(head.size(), ' ');
    } else if (!first) {
      out += " ";
      line += " ";
    }
    out += words[i];
    line += words[i];
  }
  out += "\n" + spec.summary + "\n";
  if (!spec.notes.empty()) out += spec.notes + "\n";
  size_t width = 0;
  for (const OptionSpec& o : spec.options) width = std::max(width, OptionText(o).size());
  if (spec.overrides) width = std::max(width, std::string("-D key=value").size());
  if (!spec.options.empty() || spec.overrides) out += "\n";
  auto row = [&](const std::string& left, const std::string& help) {
    out += "  " + left + std::string(width - left.size() + 2, ' ') + help + "\n";
  };
  for (const OptionSpec& o : spec.options) row(OptionText(o), o.help);
  if (spec.overrides) row("-D key=value", "a setting for this call (repeatable)");
  row(std::string("--help"), "this text");
  return out;
}

Result<Args> Args::Parse(const CommandSpec& spec, int argc, char** argv) {
  Args a;
  for (int i = 0; i < argc; ++i) {
    if (IsHelp(argv[i])) {
      a.help_ = true;
      return a;
    }
  }
  for (int i = 0; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "-D" && spec.overrides) {
      if (i + 1 >= argc) return Status::Error("-D needs key=value");
      word = argv[++i];
      size_t eq = word.find('=');
      if (eq == std::string::npos || eq == 0) return Status::Error("-D needs key=value, not '" + word + "'");
      a.overrides_[word.substr(0, eq)] = word.substr(eq + 1);
    } else if (word.rfind("--", 0) == 0 && word.size() > 2) {
      std::string name = word.substr(2), value;
      const size_t eq = name.find('=');
      if (eq != std::string::npos) name = name.substr(0, eq);
      const OptionSpec* o = Find(spec, name);
      if (!o) return UnknownOption(spec, word);
      if (a.options_.count(name)) return Status::Error("--" + name + " is given twice");
      if (o->value.empty() && o->choices.empty()) {
        if (eq != std::string::npos) return Status::Error("--" + name + " takes no value");
        value = "true";
      } else if (eq != std::string::npos) {
        value = word.substr(eq + 3);
      } else {
        if (i + 1 >= argc) return Status::Error("--" + name + " needs a value (" + ValueText(*o) + ")");
        value = argv[++i];
      }
      if (!o->choices.empty() && std::find(o->choices.begin(), o->choices.end(), value) == o->choices.end()) {
        return Status::Error("--" + name + " is " + ValueText(*o) + ", not '" + value + "'");
      }
      a.options_[name] = value;
    } else if (word.size() > 1 && word[0] == '-') {
      return UnknownOption(spec, word);
    } else if (spec.positional.empty() || !a.positional_.empty()) {
      return Status::Error("unexpected argument '" + word + "'");
    } else {
      a.positional_.push_back(word);
    }
  }
  for (const OptionSpec& o : spec.options) {
    if (o.required && !a.Has(o.name)) return Status::Error(OptionText(o) + " is required");
  }
  if (!spec.positional.empty() && a.positional_.empty()) return Status::Error(spec.positional + " is required");
  return a;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Args::GetOr(const std::string& name, const std::string& fallback) const {
  return Get(name).value_or(fallback);
}

int UsageError(const CommandSpec& spec, const std::string& message) {
  std::cerr << "oversight " << spec.name << ": " << message << "\n" << Usage(spec);
  return 2;
}

CommandLine ReadCommandLine(const CommandSpec& spec, int argc, char** argv) {
  auto args = Args::Parse(spec, argc, argv);
  if (!args.ok()) return {std::nullopt, UsageError(spec, args.status().message())};
  if (args->help_requested()) {
    std::cout << Usage(spec);
    return {std::nullopt, 0};
  }
  return {std::move(*args), 0};
}

}  // namespace oversight
