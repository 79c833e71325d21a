class PagesController < ApplicationController
  def show
    # ruleid: ruby.render-dynamic-path
    render file: "/var/www/pages/#{params[:page]}"
    # ok: ruby.render-dynamic-path
    render file: "/var/www/pages/about.html"
  end

  def template
    page = params[:page]
    # ruleid: ruby.render-dynamic-path
    render page
    # ok: ruby.render-dynamic-path
    render :index
  end

  def greet
    # ruleid: ruby.render-inline-interpolated
    render inline: "<div>#{params[:name]}</div>"
    # ruleid: ruby.render-inline-interpolated
    render inline: "<div>%s</div>" % params[:name]
    # ok: ruby.render-inline-interpolated
    render inline: "<div><%= name %></div>", locals: { name: params[:name] }
  end

  def method_info
    # ruleid: ruby.render-html-interpolated
    render text: "<h1>request method: #{request.env['REQUEST_METHOD']}</h1>"
    # ok: ruby.render-html-interpolated
    render plain: "Hello #{params[:name]}"
    # ok: ruby.render-html-interpolated
    render text: "<h1>#{h(params[:name])}</h1>"
  end
end

# ruleid: ruby.session-cookie-flags-off
Rails.application.config.session_store :cookie_store, key: '_app_session', httponly: false
# ok: ruby.session-cookie-flags-off
Rails.application.config.session_store :cookie_store, key: '_app_session', secure: true

class SafeRenders < ApplicationController
  def basename
    page = params[:page]
    # ok: ruby.render-dynamic-path
    render file: File.basename("/some/path/#{page}")
  end

  def mapped
    thing = PAGES[params[:id]]
    # ok: ruby.render-dynamic-path
    render file: "/some/path/#{thing}"
  end

  def text_only
    # ok: ruby.render-html-interpolated
    render text: "request method: #{request.env['REQUEST_METHOD']}"
    # ok: ruby.render-html-interpolated
    render html: "<div>#{url_for(action: 'flash_me', only_path: true)}</div>"
  end
end
