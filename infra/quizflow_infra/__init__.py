"""quizflow's AWS deployment as a CDK app: one construct per concern, composed in `stack`.

    network     VPC with isolated subnets only, S3/Secrets Manager/Cognito endpoints, no NAT
    data        Aurora PostgreSQL Serverless v2, its secret and rotation, RDS Proxy, global option
    storage     the documents bucket
    api         Cognito user pool, the API function (Mangum) and the HTTP API in front of it
    migrations  the function that runs `quizflow db upgrade`, triggered on every deployment
    stack       the configuration (context flags) and the stacks that put these together

Never imported by src/: the application knows nothing of CDK.
"""
