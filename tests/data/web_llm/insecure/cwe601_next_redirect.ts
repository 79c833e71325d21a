import { NextRequest, NextResponse } from 'next/server';

export function GET(request: NextRequest) {
  const to = request.nextUrl.searchParams.get('to') ?? '/';
  return NextResponse.redirect(new URL(to, request.url));
}
