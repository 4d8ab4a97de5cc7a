#include "Gaudi/standin/Application.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace Gaudi::standin {

  namespace {

    struct Token {
      enum Kind { Name, String, Number, Punct, End } kind;
      std::string text;
      int line;
    };

    std::vector<Token> tokenize(const std::string& text, const std::string& file) {
      std::vector<Token> tokens;
      int line = 1;
      for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\n') {
          ++line;
          ++i;
        } else if (std::isspace(static_cast<unsigned char>(c)) || c == '\\') {
          ++i;
        } else if (c == '#') {
          while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '\'' || c == '"') {
          std::size_t j = i + 1;
          std::string value;
          while (j < text.size() && text[j] != c && text[j] != '\n') value += text[j++];
          if (j >= text.size() || text[j] != c)
            throw GaudiException(file + " line " + std::to_string(line) + ": unterminated string", "readOptions",
                                 StatusCode::FAILURE);
          tokens.push_back({Token::String, value, line});
          i = j + 1;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
          std::size_t j = i;
          while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
          tokens.push_back({Token::Name, text.substr(i, j - i), line});
          i = j;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   ((c == '-' || c == '+' || c == '.') && i + 1 < text.size() &&
                    (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '.'))) {
          std::size_t j = i + 1;
          while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '.' ||
                                     ((text[j] == '-' || text[j] == '+') && (text[j - 1] == 'e' || text[j - 1] == 'E'))))
            ++j;
          tokens.push_back({Token::Number, text.substr(i, j - i), line});
          i = j;
        } else {
          tokens.push_back({Token::Punct, std::string(1, c), line});
          ++i;
        }
      }
      tokens.push_back({Token::End, "", line});
      return tokens;
    }

    class Parser {
    public:
      Parser(std::vector<Token> tokens, std::string file) : m_tokens(std::move(tokens)), m_file(std::move(file)) {}

      Options parse() {
        Options options;
        options.source = m_file;
        while (peek().kind != Token::End) statement(options);
        return options;
      }

    private:
      const Token& peek(std::size_t ahead = 0) const { return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)]; }
      const Token& next() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }
      bool accept(const std::string& punct) {
        if (peek().kind == Token::Punct && peek().text == punct) return ++m_pos, true;
        return false;
      }
      [[noreturn]] void fail(const std::string& why) const {
        throw GaudiException(m_file + " line " + std::to_string(peek().line) + ": " + why, "readOptions",
                             StatusCode::FAILURE);
      }
      void expect(const std::string& punct) {
        if (!accept(punct)) fail("expected '" + punct + "', found '" + peek().text + "'");
      }
      void skipLine() {
        const int line = peek().line;
        while (peek().kind != Token::End && peek().line == line) ++m_pos;
      }

      void statement(Options& options) {
        const Token& first = peek();
        if (first.kind == Token::Name && (first.text == "from" || first.text == "import" || first.text == "def"))
          return skipLine();
        if (first.kind == Token::Name && first.text == "return") {
          ++m_pos;
          value(options);  // the returned list: every component is already known
          return;
        }
        if (first.kind != Token::Name) fail("expected a statement, found '" + first.text + "'");
        const std::string target = next().text;
        if (accept(".")) {  // component.Property = value
          if (peek().kind != Token::Name) fail("expected a property name");
          const std::string property = next().text;
          expect("=");
          auto it = m_variables.find(target);
          if (it == m_variables.end()) fail("'" + target + "' is not a component made above");
          const std::string repr = value(options);
          options.components[it->second].set(property, repr);
          return;
        }
        expect("=");
        // name = C.Type(...)
        if (peek().kind != Token::Name || peek().text != "C" || peek(1).text != ".")
          fail("expected a component, C.<Type>(\"Name\", Property=value, ...)");
        m_pos += 2;
        std::string type = next().text;
        while (accept(".")) type += "::" + next().text;
        ComponentOptions component;
        component.type = type;
        component.line = first.line;
        expect("(");
        if (peek().kind == Token::String) component.name = next().text, accept(",");
        while (!accept(")")) {
          if (peek().kind != Token::Name || peek(1).text != "=") fail("expected Property=value");
          const std::string property = next().text;
          ++m_pos;
          component.set(property, value(options));
          if (!accept(",")) {
            expect(")");
            break;
          }
        }
        if (component.name.empty()) component.name = type;
        m_variables[target] = options.components.size();
        options.components.push_back(std::move(component));
      }

      // A value as the Python repr Gaudi gives C++.
      std::string value(Options& options) {
        const Token& t = next();
        switch (t.kind) {
          case Token::String:
            return pythonRepr(t.text);
          case Token::Number:
            return t.text;
          case Token::Name: {
            if (t.text == "True" || t.text == "False") return t.text;
            auto it = m_variables.find(t.text);
            if (it == m_variables.end()) fail("unknown name '" + t.text + "'");
            return pythonRepr(options.components[it->second].name);
          }
          case Token::Punct:
            if (t.text == "[") {
              std::string repr = "[";
              bool firstItem = true;
              while (!accept("]")) {
                if (!firstItem) repr += ", ";
                repr += value(options);
                firstItem = false;
                if (!accept(",")) {
                  expect("]");
                  break;
                }
              }
              return repr + "]";
            }
            [[fallthrough]];
          default:
            --m_pos;
            fail("expected a value, found '" + t.text + "'");
        }
      }

      std::vector<Token> m_tokens;
      std::string m_file;
      std::size_t m_pos = 0;
      std::map<std::string, std::size_t> m_variables;
    };

  } // namespace

  void ComponentOptions::set(const std::string& property, const std::string& repr) {
    for (auto& p : properties)
      if (p.first == property) {
        p.second = repr;
        return;
      }
    properties.emplace_back(property, repr);
  }

  const std::string* ComponentOptions::get(const std::string& property) const {
    for (const auto& p : properties)
      if (p.first == property) return &p.second;
    return nullptr;
  }

  ComponentOptions* Options::find(const std::string& name) {
    for (auto& c : components)
      if (c.name == name) return &c;
    return nullptr;
  }

  std::vector<ComponentOptions*> Options::ofType(const std::string& type) {
    std::vector<ComponentOptions*> found;
    for (auto& c : components)
      if (c.type == type) found.push_back(&c);
    return found;
  }

  std::string pythonRepr(const std::string& text) {
    return text.find('\'') == std::string::npos ? "'" + text + "'" : "\"" + text + "\"";
  }

  std::string pythonRepr(const std::vector<std::string>& list) {
    std::string repr = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i) repr += ", ";
      repr += pythonRepr(list[i]);
    }
    return repr + "]";
  }

  Options readOptions(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw GaudiException("cannot open the options file " + path, "readOptions", StatusCode::FAILURE);
    std::stringstream text;
    text << in.rdbuf();
    return Parser(tokenize(text.str(), path), path).parse();
  }

} // namespace Gaudi::standin
