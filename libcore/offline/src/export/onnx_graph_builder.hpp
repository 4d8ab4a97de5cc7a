#pragma once
// The ONNX exporter's graph builder: appends operators and initializers to a GraphProto,
// giving every value a fresh name (the graph of onnx_export.cpp and its members,
// onnx_members.cpp).
#if defined(SIEVE_ONNX_GENERATED_CLASSES)
#include <onnx/onnx.pb.h>
#else
#include <onnx/onnx_pb.h>
#endif

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sieve::exporting::detail {

// Appends nodes and initializers to a GraphProto; every value gets a fresh name.
class GraphBuilder {
public:
  explicit GraphBuilder(onnx::GraphProto& graph) : graph_(graph) {}

  std::string floats(const std::string& hint, const std::vector<float>& values, std::vector<std::int64_t> dims) {
    onnx::TensorProto& t = initializer(hint, onnx::TensorProto::FLOAT, dims);
    t.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
    return t.name();
  }
  std::string scalar(const std::string& hint, float value) { return floats(hint, {value}, {}); }
  std::string int64s(const std::string& hint, const std::vector<std::int64_t>& values,
                     std::vector<std::int64_t> dims) {
    onnx::TensorProto& t = initializer(hint, onnx::TensorProto::INT64, dims);
    t.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(std::int64_t)));
    return t.name();
  }
  std::string int64s(const std::string& hint, const std::vector<std::int64_t>& values) {
    return int64s(hint, values, {static_cast<std::int64_t>(values.size())});
  }
  std::string bools(const std::string& hint, const std::vector<bool>& values) {
    onnx::TensorProto& t = initializer(hint, onnx::TensorProto::BOOL, {static_cast<std::int64_t>(values.size())});
    std::string bytes;
    for (const bool b : values) bytes.push_back(b ? '\1' : '\0');
    t.set_raw_data(bytes);
    return t.name();
  }

  // One operator; returns the name of its (single) output.
  struct Attribute {
    std::string name;
    enum { Int, Ints, Float } type;
    std::int64_t i = 0;
    std::vector<std::int64_t> ints;
    float f = 0.0f;
  };
  static Attribute attr(const std::string& name, std::int64_t i) { return {name, Attribute::Int, i, {}, 0.0f}; }
  static Attribute attr(const std::string& name, std::vector<std::int64_t> v) {
    return {name, Attribute::Ints, 0, std::move(v), 0.0f};
  }
  static Attribute attr_f(const std::string& name, float f) { return {name, Attribute::Float, 0, {}, f}; }

  std::string op(const std::string& type, const std::vector<std::string>& inputs, const std::string& hint,
                 const std::vector<Attribute>& attributes = {}) {
    onnx::NodeProto& n = *graph_.add_node();
    n.set_op_type(type);
    const std::string out = fresh(hint);
    n.set_name(out);
    for (const std::string& in : inputs) n.add_input(in);
    n.add_output(out);
    for (const Attribute& a : attributes) {
      onnx::AttributeProto& p = *n.add_attribute();
      p.set_name(a.name);
      switch (a.type) {
      case Attribute::Int: p.set_type(onnx::AttributeProto::INT); p.set_i(a.i); break;
      case Attribute::Ints:
        p.set_type(onnx::AttributeProto::INTS);
        for (const std::int64_t v : a.ints) p.add_ints(v);
        break;
      case Attribute::Float: p.set_type(onnx::AttributeProto::FLOAT); p.set_f(a.f); break;
      }
    }
    return out;
  }

  std::size_t nodes() const { return static_cast<std::size_t>(graph_.node_size()); }

private:
  std::string fresh(const std::string& hint) { return hint + "_" + std::to_string(counter_++); }
  onnx::TensorProto& initializer(const std::string& hint, onnx::TensorProto::DataType type,
                                 const std::vector<std::int64_t>& dims) {
    onnx::TensorProto& t = *graph_.add_initializer();
    t.set_name(fresh(hint));
    t.set_data_type(type);
    for (const std::int64_t d : dims) t.add_dims(d);
    return t;
  }
  onnx::GraphProto& graph_;
  int counter_ = 0;
};

} // namespace sieve::exporting::detail
