"""The browser's way in: one CloudFront distribution for the app and its API (one origin).

    /app/*, /  ──▶ private S3 bucket (origin access control), web/dist under the key prefix app/
    /api/*     ──▶ the HTTP API (HTTPS only, never cached, every viewer header but Host)

A viewer-request function sends / to /app/ and answers every /app/<page> path (no file
extension) with /app/index.html, as `quizflow serve` does: custom error responses would do it
for the whole distribution and turn the API's own 403s and 404s into the app's page. Every
response carries the same security headers, the Content-Security-Policy being the app's own.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from quizflow_infra.headers import app_content_security_policy

APP_PREFIX = "app"  # the key prefix in the bucket, and the path the app is served under
HSTS_MAX_AGE = Duration.days(730)  # two years, as the HSTS preload list asks
# Runs on every request for the bucket (not /api/*). Missing assets stay 403s (no ListBucket):
# a page must never be served in place of a script.
ROUTING_FUNCTION = """\
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '/app') {
    return {statusCode: 307, statusDescription: 'Temporary Redirect',
            headers: {location: {value: '/app/'}}};
  }
  var last = uri.slice(uri.lastIndexOf('/') + 1);
  if (uri.startsWith('/app/') && !uri.startsWith('/app/assets/') && last.indexOf('.') === -1) {
    request.uri = '/app/index.html';
  }
  return request;
}
"""


def require_built_app(web_dist: Path) -> None:
    """Raises FileNotFoundError, saying how to build it, when `web_dist` holds no built app."""
    index = web_dist / "index.html"
    if not index.is_file():
        raise FileNotFoundError(
            f"no built web app at {web_dist} ({index.name} is missing): run `make web`"
            " (cd web && npx vite build) first, or point -c webDist=<dir> at one"
        )


class Site(Construct):
    """The web app's bucket and its deployment, and the distribution in front of it and the API."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        web_dist: Path,
        http_api: apigwv2.IHttpApi,
    ) -> None:
        super().__init__(scope, construct_id)
        require_built_app(web_dist)
        stack = Stack.of(self)
        # Every file in it comes from web/dist: nothing to keep when the stack goes.
        self.bucket = s3.Bucket(
            self,
            "WebApp",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.DESTROY,
            auto_delete_objects=True,
        )
        self.routing = cloudfront.Function(
            self,
            "Routing",
            comment="quizflow: / to /app/, /app/<page> to /app/index.html",
            code=cloudfront.FunctionCode.from_inline(ROUTING_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        self.headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="quizflow: the app's CSP, HSTS, no framing, no sniffing",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=app_content_security_policy(), override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=HSTS_MAX_AGE,
                    include_subdomains=True,
                    preload=True,
                    override=True,
                ),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
            ),
        )
        api_domain = f"{http_api.api_id}.execute-api.{stack.region}.{stack.url_suffix}"
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="quizflow: the web app (/app/) and its API (/api/)",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=self.headers,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=self.routing,
                        event_type=cloudfront.FunctionEventType.VIEWER_REQUEST,
                    )
                ],
            ),
            additional_behaviors={
                # The app answers every path under /api/ too: no rewrite. Host is left out, or
                # API Gateway would look for an API of that name; the app reads the public
                # address from QUIZFLOW_PUBLIC_URL instead.
                "/api/*": cloudfront.BehaviorOptions(
                    origin=origins.HttpOrigin(
                        api_domain,
                        protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                        origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
                    ),
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                    response_headers_policy=self.headers,
                )
            },
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
        )
        self.url = f"https://{self.distribution.distribution_domain_name}"

        # Hashed assets first, kept across deploys (a page loaded before a deploy still finds
        # its chunks); then everything else, no-cache, pruned, and the cache invalidated.
        source = s3deploy.Source.asset(str(web_dist))
        assets = s3deploy.BucketDeployment(
            self,
            "DeployAssets",
            sources=[source],
            destination_bucket=self.bucket,
            destination_key_prefix=f"{APP_PREFIX}/",
            include=["assets/*"],
            exclude=["*"],
            prune=False,
            cache_control=[
                s3deploy.CacheControl.from_string("public, max-age=31536000, immutable")
            ],
            memory_limit=512,
        )
        pages = s3deploy.BucketDeployment(
            self,
            "DeployPages",
            sources=[source],
            destination_bucket=self.bucket,
            destination_key_prefix=f"{APP_PREFIX}/",
            exclude=["assets/*"],
            prune=True,
            cache_control=[s3deploy.CacheControl.no_cache()],
            distribution=self.distribution,
            distribution_paths=[f"/{APP_PREFIX}/*"],
            memory_limit=512,
        )
        pages.node.add_dependency(assets)
