# tests/jekyll/build.rb: builds many small Jekyll sites in one Ruby process
# (Jekyll takes about a second to start; each small site then builds in
# milliseconds). Arguments: pairs of SOURCE DESTINATION. A site that fails
# to build writes its error to DESTINATION/.jekyll-error and the others go on.
require 'jekyll'
require 'fileutils'

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
