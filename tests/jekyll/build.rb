# tests/jekyll/build.rb: builds many small Jekyll sites in one Ruby process
# (Jekyll takes about a second to start; each small site then builds in
# milliseconds). Arguments: pairs of SOURCE DESTINATION. A site that fails
# to build writes its error to DESTINATION/.jekyll-error and the others go on.
# With JEKYLL_INERT_PLUGINS=1 the sites' _plugins load, but what they register
# does what the preprocessor does with it: a filter passes its input through,
# a tag or block renders nothing, a hook does not run.
require 'jekyll'
require 'fileutils'

if ENV['JEKYLL_INERT_PLUGINS'] == '1'
  class InertTag < Liquid::Tag
    def render(_context) = ''
  end

  class InertBlock < Liquid::Block
    def render(_context) = ''
  end

  class << Liquid::Template
    alias_method :tdt_register_filter, :register_filter
    alias_method :tdt_register_tag, :register_tag

    def register_filter(mod)
      inert = Module.new
      mod.public_instance_methods(false).each { |m| inert.define_method(m) { |input, *_| input } }
      tdt_register_filter(inert)
    end

    def register_tag(name, klass)
      tdt_register_tag(name, klass <= Liquid::Block ? InertBlock : InertTag)
    end
  end

  module Jekyll
    module Hooks
      def self.register(*_args, **_options); end
    end
  end
end

ARGV.each_slice(2) do |source, destination|
  FileUtils.mkdir_p(destination)
  begin
    config = Jekyll.configuration(
      'source' => source, 'destination' => destination, 'quiet' => true,
      'incremental' => false, 'disable_disk_cache' => true
    )
    Jekyll::Site.new(config).process
  rescue StandardError => e
    File.write(File.join(destination, '.jekyll-error'), "#{e.class}: #{e.message}\n")
  end
end
