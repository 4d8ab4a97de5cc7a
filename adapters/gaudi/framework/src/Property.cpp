#include "Gaudi/Property.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace Gaudi {

  namespace {
    std::string trim(const std::string& s) {
      std::size_t b = 0, e = s.size();
      while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
      while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
      return s.substr(b, e - b);
    }
    template <typename T>
    StatusCode number(T& result, const std::string& input) {
      const std::string s = trim(input);
      const char* end = s.data() + s.size();
      const auto r = std::from_chars(s.data(), end, result);
      return !s.empty() && r.ec == std::errc() && r.ptr == end ? StatusCode::SUCCESS : StatusCode::FAILURE;
    }
    // The elements of "[a, b, ...]" (quotes kept), or failure.
    bool listItems(const std::string& input, std::vector<std::string>& items) {
      const std::string s = trim(input);
      if (s.size() < 2 || s.front() != '[' || s.back() != ']') return false;
      std::string current;
      char quote = 0;
      bool any = false;
      for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        const char c = s[i];
        if (quote) {
          current += c;
          if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
          quote = c;
          current += c;
          any = true;
        } else if (c == ',') {
          items.push_back(trim(current));
          current.clear();
        } else {
          current += c;
          if (!std::isspace(static_cast<unsigned char>(c))) any = true;
        }
      }
      if (quote) return false;
      if (any || !items.empty()) items.push_back(trim(current));
      if (!items.empty() && items.back().empty()) items.pop_back();
      return true;
    }
    bool unquote(const std::string& input, std::string& out) {
      const std::string s = trim(input);
      if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
        out = s.substr(1, s.size() - 2);
        return true;
      }
      return false;
    }
  } // namespace

  namespace Parsers {
    StatusCode parse(bool& result, const std::string& input) {
      const std::string s = trim(input);
      if (s == "True" || s == "true" || s == "1") return result = true, StatusCode::SUCCESS;
      if (s == "False" || s == "false" || s == "0") return result = false, StatusCode::SUCCESS;
      return StatusCode::FAILURE;
    }
    StatusCode parse(int& result, const std::string& input) { return number(result, input); }
    StatusCode parse(long& result, const std::string& input) { return number(result, input); }
    StatusCode parse(unsigned int& result, const std::string& input) { return number(result, input); }
    StatusCode parse(unsigned long& result, const std::string& input) { return number(result, input); }
    StatusCode parse(double& result, const std::string& input) { return number(result, input); }
    StatusCode parse(std::string& result, const std::string& input) {
      if (!unquote(input, result)) result = input;  // as Gaudi: a bare string is taken as is
      return StatusCode::SUCCESS;
    }
    StatusCode parse(std::vector<std::string>& result, const std::string& input) {
      std::vector<std::string> items;
      if (!listItems(input, items)) return StatusCode::FAILURE;
      result.clear();
      for (const auto& item : items) {
        std::string value;
        if (!unquote(item, value)) return StatusCode::FAILURE;
        result.push_back(value);
      }
      return StatusCode::SUCCESS;
    }
    StatusCode parse(std::vector<double>& result, const std::string& input) {
      std::vector<std::string> items;
      if (!listItems(input, items)) return StatusCode::FAILURE;
      result.clear();
      for (const auto& item : items) {
        double x = 0;
        if (parse(x, item).isFailure()) return StatusCode::FAILURE;
        result.push_back(x);
      }
      return StatusCode::SUCCESS;
    }
  } // namespace Parsers

  namespace Utils {
    std::string toString(bool value) { return value ? "True" : "False"; }
    std::string toString(int value) { return std::to_string(value); }
    std::string toString(long value) { return std::to_string(value); }
    std::string toString(unsigned int value) { return std::to_string(value); }
    std::string toString(unsigned long value) { return std::to_string(value); }
    std::string toString(double value) {
      char buffer[32];
      const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
      return std::string(buffer, r.ptr);
    }
    std::string toString(const std::string& value) { return value; }
    std::string toString(const std::vector<std::string>& value) {
      // Quoted as the options reader's pythonRepr does: "..." around an item holding a
      // single quote (the parser has no escapes), so that the list parses back equal
      // (found by fuzzing: fuzz/fuzz_job_files.cpp).
      std::string s = "[";
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i) s += ", ";
        const char quote = value[i].find('\'') == std::string::npos ? '\'' : '"';
        s += quote;
        s += value[i];
        s += quote;
      }
      return s + "]";
    }
    std::string toString(const std::vector<double>& value) {
      std::string s = "[";
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i) s += ", ";
        s += toString(value[i]);
      }
      return s + "]";
    }
  } // namespace Utils

  namespace Details {
    template <> std::string typeName<bool>() { return "bool"; }
    template <> std::string typeName<int>() { return "int"; }
    template <> std::string typeName<long>() { return "long"; }
    template <> std::string typeName<unsigned int>() { return "unsigned int"; }
    template <> std::string typeName<unsigned long>() { return "unsigned long"; }
    template <> std::string typeName<double>() { return "double"; }
    template <> std::string typeName<std::string>() { return "std::string"; }
    template <> std::string typeName<std::vector<std::string>>() { return "std::vector<std::string>"; }
    template <> std::string typeName<std::vector<double>>() { return "std::vector<double>"; }
  } // namespace Details

} // namespace Gaudi
