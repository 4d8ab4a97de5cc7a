// Reading a dataset schema from TOML (toml++). Every problem names the file, the key and,
// where toml++ knows it, the line and column.
#include "sieve/data/schema.hpp"

#include "sieve/error.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace sieve::data {
namespace {

class Reader {
public:
  Reader(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const toml::node* at, const std::string& key, const std::string& what) const {
    std::string where = source_;
    if (at != nullptr && at->source().begin.line > 0)
      where += " line " + std::to_string(at->source().begin.line) + ", column " +
               std::to_string(at->source().begin.column);
    throw ConfigError(where + " (" + key + "): " + what);
  }

  // Refuses keys the schema format does not have (a typo must not be ignored silently).
  void only(const toml::table& t, const std::string& prefix, std::initializer_list<std::string_view> keys) const {
    for (const auto& [k, v] : t)
      if (std::find(keys.begin(), keys.end(), k.str()) == keys.end()) {
        std::string known;
        for (auto key : keys) known += (known.empty() ? "" : ", ") + std::string(key);
        fail(&v, prefix + std::string(k.str()), "unknown key (known keys here: " + known + ")");
      }
  }

  const toml::table* table(const toml::table& t, std::string_view key, const std::string& name) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return nullptr;
    if (!n->is_table()) fail(n, name, "expected a table");
    return n->as_table();
  }

  std::string string(const toml::table& t, std::string_view key, const std::string& name, bool required) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) fail(&t, name, "missing (required)");
      return {};
    }
    if (!n->is_string()) fail(n, name, "expected a string");
    std::string s = n->as_string()->get();
    if (s.empty()) fail(n, name, "empty string");
    return s;
  }

  // A string or a number, as text ("s", "1"): label values.
  std::string label_value(const toml::table& t, std::string_view key, const std::string& name,
                          const std::string& fallback) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    if (n->is_string()) return n->as_string()->get();
    if (n->is_integer()) return std::to_string(n->as_integer()->get());
    fail(n, name, "expected a string or an integer");
  }

  std::vector<std::string> strings(const toml::table& t, std::string_view key, const std::string& name) const {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    if (n->is_string()) return {string(t, key, name, true)};
    if (!n->is_array()) fail(n, name, "expected an array of strings");
    std::size_t i = 0;
    for (const toml::node& e : *n->as_array()) {
      const std::string item = name + "[" + std::to_string(i++) + "]";
      if (!e.is_string()) fail(&e, item, "expected a string");
      if (e.as_string()->get().empty()) fail(&e, item, "empty string");
      out.push_back(e.as_string()->get());
    }
    return out;
  }

  double number(const toml::node& n, const std::string& name) const {
    if (n.is_integer()) return static_cast<double>(n.as_integer()->get());
    if (n.is_floating_point()) return n.as_floating_point()->get();
    fail(&n, name, "expected a number");
  }

  // Numbers that must be exact float32 values (sentinels, category codes).
  float exact_float(const toml::node& n, const std::string& name) const {
    const double d = number(n, name);
    if (std::isnan(d)) fail(&n, name, "nan is not a value here (missing.nan = true declares NaN as missing)");
    const auto f = static_cast<float>(d);
    if (static_cast<double>(f) != d) fail(&n, name, "not exactly representable as a float32: " + std::to_string(d));
    return f;
  }

  std::vector<float> floats(const toml::node& n, const std::string& name, bool* nan = nullptr) const {
    std::vector<float> out;
    auto one = [&](const toml::node& e, const std::string& item) {
      if (nan != nullptr && e.is_floating_point() && std::isnan(e.as_floating_point()->get())) {
        *nan = true;
        return;
      }
      out.push_back(exact_float(e, item));
    };
    if (!n.is_array()) {
      one(n, name);
      return out;
    }
    std::size_t i = 0;
    for (const toml::node& e : *n.as_array()) one(e, name + "[" + std::to_string(i++) + "]");
    return out;
  }

  const std::string& source() const { return source_; }

private:
  std::string source_;
};

// Where each column is used, for "used twice" and "unknown column" errors.
class Uses {
public:
  explicit Uses(const Reader& r) : r_(r) {}
  void add(const toml::node* at, const std::string& column, const std::string& role) {
    auto [it, fresh] = roles_.emplace(column, role);
    if (!fresh) r_.fail(at, role, "column '" + column + "' is used twice (also as " + it->second + ")");
  }
  bool has(const std::string& column) const { return roles_.count(column) != 0; }

private:
  const Reader& r_;
  std::map<std::string, std::string> roles_;
};

void read_dataset(const Reader& r, const toml::table& root, Schema& s, Uses& uses) {
  const toml::table* d = r.table(root, "dataset", "dataset");
  if (d == nullptr) r.fail(&root, "dataset", "missing: the [dataset] table names the schema and its label column");
  r.only(*d, "dataset.", {"name", "description", "id", "label", "signal", "background", "weight", "set", "sets", "totals"});
  s.name = r.string(*d, "name", "dataset.name", true);
  s.id_column = r.string(*d, "id", "dataset.id", false);
  if (!s.id_column.empty()) uses.add(d->get("id"), s.id_column, "dataset.id");
  s.label_column = r.string(*d, "label", "dataset.label", false);
  if (!s.label_column.empty()) uses.add(d->get("label"), s.label_column, "dataset.label");
  s.signal_value = r.label_value(*d, "signal", "dataset.signal", "1");
  s.background_value = r.label_value(*d, "background", "dataset.background", "0");
  if (s.signal_value == s.background_value)
    r.fail(d->get("signal"), "dataset.signal", "the signal and background values are both '" + s.signal_value + "'");
  if (const toml::table* totals = r.table(*d, "totals", "dataset.totals")) {
    r.only(*totals, "dataset.totals.", {"signal", "background"});
    for (const char* which : {"signal", "background"}) {
      const std::string name = std::string("dataset.totals.") + which;
      const toml::node* n = totals->get(which);
      if (n == nullptr) r.fail(totals, "dataset.totals", std::string("needs both signal and background (no ") + which + ")");
      const double v = r.number(*n, name);
      if (!(std::isfinite(v) && v > 0)) r.fail(n, name, "a total weight must be a positive number");
      (which[0] == 's' ? s.signal_total : s.background_total) = v;
    }
    if (s.label_column.empty()) r.fail(totals, "dataset.totals", "class totals without a label column (dataset.label)");
  }
  s.weight_columns = r.strings(*d, "weight", "dataset.weight");
  for (const auto& w : s.weight_columns) uses.add(d->get("weight"), w, "dataset.weight");
  s.set_column = r.string(*d, "set", "dataset.set", false);
  if (!s.set_column.empty()) uses.add(d->get("set"), s.set_column, "dataset.set");
  if (const toml::table* sets = r.table(*d, "sets", "dataset.sets")) {
    if (s.set_column.empty()) r.fail(sets, "dataset.sets", "set values without a set column (dataset.set)");
    r.only(*sets, "dataset.sets.", {"train", "public", "private", "unused"});
    s.set_train = r.label_value(*sets, "train", "dataset.sets.train", "");
    s.set_public = r.label_value(*sets, "public", "dataset.sets.public", "");
    s.set_private = r.label_value(*sets, "private", "dataset.sets.private", "");
    s.set_unused = r.label_value(*sets, "unused", "dataset.sets.unused", "");
  } else if (!s.set_column.empty()) {
    r.fail(d->get("set"), "dataset.sets", "a set column needs its values: sets = { train = ..., public = ..., private = ... }");
  }
}

void read_objects(const Reader& r, const toml::table& root, Schema& s, Uses& uses) {
  const toml::node* n = root.get("objects");
  if (n == nullptr) return;
  if (!n->is_array_of_tables()) r.fail(n, "objects", "expected [[objects]] tables");
  std::size_t i = 0;
  for (const toml::node& e : *n->as_array()) {
    const std::string at = "objects[" + std::to_string(i++) + "]";
    const toml::table& t = *e.as_table();
    r.only(t, at + ".", {"name", "pt", "eta", "phi", "mass", "energy", "keep_pt"});
    ObjectSpec o;
    o.name = r.string(t, "name", at + ".name", true);
    for (const ObjectSpec& other : s.objects)
      if (other.name == o.name) r.fail(t.get("name"), at + ".name", "object '" + o.name + "' is declared twice");
    o.pt = r.string(t, "pt", at + ".pt (object " + o.name + ")", true);
    o.phi = r.string(t, "phi", at + ".phi (object " + o.name + ")", true);
    o.eta = r.string(t, "eta", at + ".eta", false);
    const std::string mass = r.string(t, "mass", at + ".mass", false);
    const std::string energy = r.string(t, "energy", at + ".energy", false);
    if (!mass.empty() && !energy.empty()) r.fail(t.get("energy"), at + ".energy", "give mass or energy, not both");
    if (o.eta.empty() && !(mass.empty() && energy.empty()))
      r.fail(t.get(mass.empty() ? "energy" : "mass"), at, "object '" + o.name + "' has a mass or energy but no eta");
    o.extra = mass.empty() ? energy : mass;
    if (const toml::node* k = t.get("keep_pt")) {
      if (!k->is_boolean()) r.fail(k, at + ".keep_pt", "expected true or false");
      o.keep_pt = k->as_boolean()->get();
    }
    uses.add(t.get("pt"), o.pt, at + ".pt");
    if (!o.eta.empty()) uses.add(t.get("eta"), o.eta, at + ".eta");
    uses.add(t.get("phi"), o.phi, at + ".phi");
    if (!o.extra.empty()) uses.add(t.get(mass.empty() ? "energy" : "mass"), o.extra, at + (mass.empty() ? ".energy" : ".mass"));
    s.objects.push_back(std::move(o));
  }
}

// One categorical column: the table at key `at` ("categorical" for the single-table form,
// "categorical[i]" for an entry of the [[categorical]] array).
CategoricalSpec read_one_categorical(const Reader& r, const toml::table& t, const std::string& at, Uses& uses) {
  r.only(t, at + ".", {"column", "codes", "embed", "embedding_dim", "unseen"});
  CategoricalSpec c;
  c.column = r.string(t, "column", at + ".column", true);
  uses.add(t.get("column"), c.column, at + ".column");
  const toml::node* codes = t.get("codes");
  if (codes == nullptr) r.fail(&t, at + ".codes", "missing: a list of the values, or \"learn\"");
  if (codes->is_string()) {
    if (codes->as_string()->get() != "learn")
      r.fail(codes, at + ".codes", "expected a list of values or \"learn\", found \"" + codes->as_string()->get() + "\"");
    c.learn = true;
  } else {
    c.values = r.floats(*codes, at + ".codes");
    if (c.values.empty()) r.fail(codes, at + ".codes", "no codes");
    std::vector<float> sorted = c.values;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      r.fail(codes, at + ".codes", "a value is listed twice");
    if (c.values.size() > 255) r.fail(codes, at + ".codes", "more than 255 codes");
  }
  if (const toml::node* e = t.get("embed")) {
    if (!e->is_boolean()) r.fail(e, at + ".embed", "expected true or false");
    c.embed = e->as_boolean()->get();
  }
  if (const toml::node* e = t.get("embedding_dim")) {
    if (!e->is_integer() || e->as_integer()->get() < 1 || e->as_integer()->get() > 64)
      r.fail(e, at + ".embedding_dim", "expected an integer from 1 to 64");
    if (!c.embed) r.fail(e, at + ".embedding_dim", "an embedding size with embed = false");
    c.embedding_dim = static_cast<int>(e->as_integer()->get());
  }
  if (const toml::node* u = t.get("unseen")) {
    if (u->is_string()) {
      if (u->as_string()->get() != "error")
        r.fail(u, at + ".unseen", "expected \"error\" or the value whose code an unseen value takes");
    } else {
      c.fallback = r.exact_float(*u, at + ".unseen");
      if (!c.learn && std::find(c.values.begin(), c.values.end(), *c.fallback) == c.values.end())
        r.fail(u, at + ".unseen", "the fallback value is not one of " + at + ".codes");
    }
  }
  return c;
}

// [categorical] (one column, the form of format 2 models' schemas) or [[categorical]]
// (any number of columns, in order).
void read_categoricals(const Reader& r, const toml::table& root, Schema& s, Uses& uses) {
  const toml::node* n = root.get("categorical");
  if (n == nullptr) return;
  if (n->is_table()) {
    s.categoricals.push_back(read_one_categorical(r, *n->as_table(), "categorical", uses));
    return;
  }
  if (!n->is_array_of_tables()) r.fail(n, "categorical", "expected a [categorical] table or [[categorical]] tables");
  std::size_t i = 0;
  for (const toml::node& e : *n->as_array())
    s.categoricals.push_back(read_one_categorical(r, *e.as_table(), "categorical[" + std::to_string(i++) + "]", uses));
  if (s.categoricals.size() > kMaxCategoricals)
    r.fail(n, "categorical", "more than " + std::to_string(kMaxCategoricals) + " categorical columns");
}

void read_missing(const Reader& r, const toml::table& root, Schema& s) {
  const toml::table* t = r.table(root, "missing", "missing");
  if (t == nullptr) return;
  r.only(*t, "missing.", {"values", "nan", "columns"});
  if (const toml::node* v = t->get("values")) s.missing = r.floats(*v, "missing.values", &s.missing_nan);
  if (const toml::node* v = t->get("nan")) {
    if (!v->is_boolean()) r.fail(v, "missing.nan", "expected true or false");
    s.missing_nan = v->as_boolean()->get();
  }
  if (const toml::table* c = r.table(*t, "columns", "missing.columns"))
    for (const auto& [k, v] : *c) {
      const std::string column(k.str());
      if (std::find(s.columns.begin(), s.columns.end(), column) == s.columns.end())
        r.fail(&v, "missing.columns." + column, "'" + column + "' is not an input column of the schema");
      bool nan = false;
      s.column_missing.emplace_back(column, r.floats(v, "missing.columns." + column, &nan));
      if (nan) r.fail(&v, "missing.columns." + column, "NaN is declared for every column with missing.nan = true");
    }
}

void read_recompute(const Reader& r, const toml::table& root, Schema& s) {
  const toml::table* t = r.table(root, "recompute", "recompute");
  if (t == nullptr) return;
  r.only(*t, "recompute.", {"name", "columns"});
  s.recomputation = r.string(*t, "name", "recompute.name", true);
  if (const toml::table* c = r.table(*t, "columns", "recompute.columns"))
    for (const auto& [k, v] : *c) {
      if (!v.is_string()) r.fail(&v, "recompute.columns." + std::string(k.str()), "expected a column name");
      s.recompute_columns.emplace_back(std::string(k.str()), v.as_string()->get());
    }
}

void read_variations(const Reader& r, const toml::table& root, Schema& s) {
  const toml::node* n = root.get("variations");
  if (n == nullptr) return;
  if (!n->is_array_of_tables()) r.fail(n, "variations", "expected [[variations]] tables");
  std::size_t i = 0;
  for (const toml::node& e : *n->as_array()) {
    const std::string at = "variations[" + std::to_string(i++) + "]";
    const toml::table& t = *e.as_table();
    r.only(t, at + ".", {"name", "columns", "scale", "factor", "soft_met"});
    VariationSpec v;
    v.name = r.string(t, "name", at + ".name", true);
    // A name is what a --variations list, a score column (score_<name>) and a framework
    // parameter hold: letters, digits and _, not starting with a digit.
    const bool identifier = !v.name.empty() && !std::isdigit(static_cast<unsigned char>(v.name.front())) &&
                            std::all_of(v.name.begin(), v.name.end(), [](char ch) {
                              return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
                            });
    if (!identifier)
      r.fail(t.get("name"), at + ".name", "'" + v.name + "' is not a name (letters, digits and _, not starting "
                                          "with a digit)");
    if (v.name == "nominal" || s.variation(v.name) != nullptr)
      r.fail(t.get("name"), at + ".name", "'" + v.name + "' is 'nominal' or is declared twice");
    int kinds = 0;
    if (const toml::table* c = r.table(t, "columns", at + ".columns")) {
      ++kinds;
      for (const auto& [k, value] : *c) {
        const std::string from(k.str());
        if (!value.is_string()) r.fail(&value, at + ".columns." + from, "expected the name of the varied column");
        if (std::find(s.columns.begin(), s.columns.end(), from) == s.columns.end())
          r.fail(&value, at + ".columns." + from, "'" + from + "' is not an input column of the schema");
        const std::string to = value.as_string()->get();
        if (std::find(s.columns.begin(), s.columns.end(), to) != s.columns.end())
          r.fail(&value, at + ".columns." + from, "the varied column '" + to + "' is itself an input column");
        v.substitutions.emplace_back(from, to);
      }
      if (v.substitutions.empty()) r.fail(c, at + ".columns", "no column to substitute");
    }
    if (t.get("scale") != nullptr) {
      ++kinds;
      v.scaled_objects = r.strings(t, "scale", at + ".scale");
      for (const auto& o : v.scaled_objects)
        if (std::none_of(s.objects.begin(), s.objects.end(), [&](const ObjectSpec& x) { return x.name == o; }))
          r.fail(t.get("scale"), at + ".scale", "'" + o + "' is not a declared object");
      const toml::node* f = t.get("factor");
      if (f == nullptr) r.fail(&t, at + ".factor", "a scale variation needs its factor");
      v.factor = r.number(*f, at + ".factor");
      if (!(v.factor > 0.0 && std::isfinite(v.factor))) r.fail(f, at + ".factor", "the factor must be positive");
    } else if (t.get("factor") != nullptr) {
      r.fail(t.get("factor"), at + ".factor", "a factor without scale = [objects]");
    }
    if (const toml::node* m = t.get("soft_met")) {
      ++kinds;
      v.soft_sigma = r.number(*m, at + ".soft_met");
      if (!(v.soft_sigma > 0.0 && std::isfinite(v.soft_sigma))) r.fail(m, at + ".soft_met", "sigma must be positive");
    }
    if (kinds != 1) r.fail(&t, at, "give exactly one of columns = {...}, scale = [...] with factor, or soft_met");
    if (v.substitutions.empty() && s.recomputation.empty())
      r.fail(&t, at, "variation '" + v.name + "' moves objects, so the columns computed from them must be "
                     "recomputed: name a registered recomputation in [recompute]");
    s.variations.push_back(std::move(v));
  }
}

} // namespace

Schema parse_schema(std::string_view text, const std::string& source) {
  const Reader r(source);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ConfigError(source + " line " + std::to_string(e.source().begin.line) + ", column " +
                      std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  r.only(root, "", {"dataset", "inputs", "objects", "categorical", "missing", "recompute", "variations"});
  Schema s;
  s.source = source;
  s.text = std::string(text);
  Uses uses(r);
  read_dataset(r, root, s, uses);

  const toml::table* inputs = r.table(root, "inputs", "inputs");
  if (inputs != nullptr) r.only(*inputs, "inputs.", {"columns", "continuous", "derived"});
  const toml::table empty;
  const toml::table& in = inputs != nullptr ? *inputs : empty;
  s.continuous = r.strings(in, "continuous", "inputs.continuous");
  for (const auto& c : s.continuous) uses.add(in.get("continuous"), c, "inputs.continuous");
  s.derived = r.strings(in, "derived", "inputs.derived");
  for (const auto& c : s.derived)
    if (std::find(s.continuous.begin(), s.continuous.end(), c) == s.continuous.end())
      r.fail(in.get("derived"), "inputs.derived", "'" + c + "' is not one of inputs.continuous");
  read_objects(r, root, s, uses);
  read_categoricals(r, root, s, uses);

  // The model's raw columns: `columns` when given (it must list exactly the input
  // columns), else the order of first use.
  std::vector<std::string> used = s.continuous;
  for (const ObjectSpec& o : s.objects)
    for (const std::string* c : {&o.pt, &o.eta, &o.phi, &o.extra})
      if (!c->empty()) used.push_back(*c);
  for (const CategoricalSpec& c : s.categoricals) used.push_back(c.column);
  if (used.empty()) r.fail(&root, "inputs", "the schema declares no input column");
  s.columns = r.strings(in, "columns", "inputs.columns");
  if (s.columns.empty()) {
    s.columns = used;
  } else {
    std::set<std::string> seen;
    for (const auto& c : s.columns) {
      if (!seen.insert(c).second) r.fail(in.get("columns"), "inputs.columns", "column '" + c + "' is listed twice");
      if (std::find(used.begin(), used.end(), c) == used.end())
        r.fail(in.get("columns"), "inputs.columns",
               uses.has(c) ? "'" + c + "' is not an input (it is the id, label, weight or set column)"
                           : "'" + c + "' is not used by inputs.continuous, an object or a categorical column");
    }
    for (const auto& c : used)
      if (!seen.count(c)) r.fail(in.get("columns"), "inputs.columns", "'" + c + "' is an input but not listed here");
  }
  read_missing(r, root, s);
  read_recompute(r, root, s);
  read_variations(r, root, s);
  return s;
}

Schema load_schema(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot open schema file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_schema(text.str(), path);
}

} // namespace sieve::data
