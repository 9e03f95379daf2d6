# tests/jekyll/psych.rb: the YAML oracle. Reads a JSON list of YAML texts on
# stdin and prints, for each, what Jekyll 4.3 reads from it
# (Psych.safe_load with Date and Time permitted and aliases on, exactly as
# Jekyll::Utils.safe_load_yaml), in a tagged JSON form that
# tests/yaml_psych.rs compares with the preprocessor's reading: maps as
# lists of [key, value] pairs (order and key types kept), numbers, dates
# and times tagged, errors as {"error": message}.
require 'yaml'
require 'json'
require 'date'

def ruby_float(f)
  return 'nan' if f.nan?
  return(f > 0 ? 'inf' : '-inf') if f.infinite?
  f.to_s
end

def canon(v)
  case v
  when nil, true, false, String then v
  when Integer then { 'int' => v.to_s }
  when Float then { 'float' => ruby_float(v) }
  when Time then { 'time' => v.to_s }
  when Date then { 'date' => v.to_s }
  when Array then v.map { |x| canon(x) }
  when Hash then v.map { |k, x| [canon(k), canon(x)] }
  else { 'other' => v.class.to_s }
  end
end

texts = JSON.parse($stdin.read)
out = texts.map do |text|
  canon(Psych.safe_load(text, permitted_classes: [Date, Time], aliases: true))
rescue Psych::Exception, ArgumentError => e
  { 'error' => e.message }
end
puts JSON.generate(out)
