"""quizflow's AWS deployment as a CDK app: one construct per concern, composed in `stack`.

    network     VPC with isolated subnets only, S3/Secrets Manager/Cognito endpoints, no NAT
    data        Aurora PostgreSQL Serverless v2, its secret and rotation, RDS Proxy, global option
    storage     the documents bucket
    api         Cognito user pool, hosted sign-in and app client, the API function (Mangum) and
                the HTTP API in front of it
    site        CloudFront (the site's one address): the web app's bucket, /api/* to the HTTP
                API, the page-routing function, the security headers
    headers     the Content-Security-Policy, read from the app's source (src/quizflow/api/web.py)
    migrations  the function that runs `quizflow db upgrade`, triggered on every deployment
    stack       the configuration (context flags) and the stacks that put these together

Never imported by src/: the application knows nothing of CDK.
"""
