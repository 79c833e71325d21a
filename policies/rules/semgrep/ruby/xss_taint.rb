class CommentsController < ApplicationController
  def preview
    body = params[:body]
    # ruleid: ruby.xss-from-request
    @preview = raw(body)
    # ruleid: ruby.xss-from-request
    @title = "<h1>#{params[:title]}</h1>".html_safe
    # ruleid: ruby.xss-from-request
    render html: "<p>Hello #{params[:name]}</p>".html_safe
    # ok: ruby.xss-from-request
    render html: "<p>Hello #{ERB::Util.html_escape(params[:name])}</p>".html_safe
    # ok: ruby.xss-from-request
    @safe = sanitize(params[:body]).html_safe
    # ok: ruby.xss-from-request
    @fixed = raw("<br>")
    # ok: ruby.xss-from-request
    render html: "boo, %s" % params[:name]
    # ok: ruby.xss-from-request
    render plain: "request method: #{request.env['REQUEST_METHOD']}"
  end

  def legacy
    # ruleid: ruby.xss-from-request
    render inline: "<div>#{params[:name]}</div>"
    # ruleid: ruby.xss-from-request
    render text: "Results for #{params[:q]}"
  end
end
