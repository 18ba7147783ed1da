// The attribution rules file format (data/RULES.md): word lists, speech verbs with their
// inflections, macros and RE2 patterns, one directive per line. Parsing only; compiling the
// patterns is the attributor's job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quoth {

// One `rule` directive: a named RE2 pattern over a masked sentence, with its origin.
struct RuleSource {
  std::string name;
  std::string pattern;  // as written, macros not yet expanded
  std::string file;
  int line = 0;
};

// One `define` directive (a macro used as {NAME}).
struct MacroSource {
  std::string name;
  std::string pattern;
  std::string file;
  int line = 0;
};

// One `drop` directive: the rule it removes, with its origin.
struct DropSource {
  std::string name;
  std::string file;
  int line = 0;
};

// Everything read from the rules files, in order; later files extend or override earlier ones.
struct RuleSet {
  std::vector<MacroSource> macros;                      // later definitions of a name win
  std::vector<std::pair<std::string, std::vector<std::string>>> word_lists;  // `words NAME w...`
  std::vector<std::string> cue_forms;       // every inflected form of every speech verb
  std::vector<std::string> abbreviations;   // words whose period does not end a sentence
  std::vector<RuleSource> rules;            // in priority order
  std::vector<DropSource> dropped;          // rules removed by `drop`
  std::vector<std::pair<char, std::vector<std::string>>> word_classes;  // `class LETTER word...`
};

// Regular inflections of an English verb: base, 3rd person -s, past -ed, present participle -ing
// (silent e, consonant + y, sibilants and a final stressed consonant handled).
std::vector<std::string> inflect_regular_verb(std::string_view base);

// Parses one rules file into `set`. False and `error` ("NAME:LINE: message") on a malformed
// directive.
bool parse_rules(std::string_view data, std::string_view name, RuleSet& set, std::string& error);

}  // namespace quoth
